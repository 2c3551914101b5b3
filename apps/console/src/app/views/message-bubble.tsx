import type { MessageView } from '../api/api-types';
import { bubbleContent, BubbleContent } from '../model/message-content';
import { failureText, statusTick } from '../model/status-ticks';

function Content({ content, tapped }: { content: BubbleContent; tapped: string | null }) {
  switch (content.kind) {
    case 'text':
      return <p className="bubble-text">{content.text}</p>;
    case 'media':
      return (
        <div className="bubble-media">
          {content.mediaType === 'image' && content.link ? <img src={content.link} alt={content.caption ?? 'image'} /> : <span className="media-badge">{mediaIcon(content.mediaType)} {content.filename ?? content.mediaType}</span>}
          {content.mimeType && <small className="muted"> {content.mimeType}</small>}
          {content.caption && <p className="bubble-text">{content.caption}</p>}
        </div>
      );
    case 'location':
      return (
        <div className="bubble-location">
          📍 <strong>{content.name ?? 'Location'}</strong>
          {content.address && <div>{content.address}</div>}
          <small className="muted">
            {content.latitude.toFixed(5)}, {content.longitude.toFixed(5)}
          </small>
        </div>
      );
    case 'choices':
      return (
        <div>
          <p className="bubble-text">{content.text}</p>
          <ul className="bubble-choices">
            {content.buttons.map((button) => (
              <li key={button.id} className={button.id === tapped ? 'tapped' : undefined} title={button.id === tapped ? 'The customer tapped this' : undefined}>
                {button.title}
                {button.id === tapped && ' ✔'}
              </li>
            ))}
          </ul>
        </div>
      );
    case 'tap':
      return (
        <p className="bubble-text">
          <span className="tap-badge">tapped</span> {content.title}
        </p>
      );
    case 'reaction':
      return <p className="bubble-reaction">{content.emoji}</p>;
    case 'template':
      return (
        <div>
          <span className="media-badge">template {content.name}</span>
          {content.text && <p className="bubble-text">{content.text}</p>}
        </div>
      );
    default:
      return (
        <p className="bubble-text">
          <span className="media-badge">{content.type}</span> {content.text}
        </p>
      );
  }
}

function mediaIcon(type: string): string {
  return ({ image: '🖼', video: '🎬', audio: '🎵', document: '📄', sticker: '🏷' } as Record<string, string>)[type] ?? '📎';
}

export function MessageBubble({ message, tapped }: { message: MessageView; tapped: string | null }) {
  const tick = statusTick(message.status);
  const failure = failureText(message.error);
  return (
    <div className={`bubble bubble-${message.direction}`} data-message-id={message.id} data-status={message.status}>
      <Content content={bubbleContent(message)} tapped={tapped} />
      <div className="bubble-meta">
        <time dateTime={message.createdAt}>{new Date(message.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
        {tick && (
          <span className={`tick tick-${tick.tone}`} title={failure ?? tick.label} aria-label={tick.label}>
            {tick.glyph}
          </span>
        )}
      </div>
      {failure && <p className="bubble-error">{failure}</p>}
    </div>
  );
}
