import { FormEvent, useState } from 'react';
import type { SendMessageDto } from '../api/api-types';
import { errorText, useConsole, useLoad } from './console-context';
import { TemplateComposer } from './template-composer';
import { ChannelOptions } from './channel-options';

type Kind = 'text' | 'template' | 'buttons' | 'media';
type MediaType = 'image' | 'video' | 'audio' | 'document';
type Recipient = SendMessageDto['to'];

function RecipientField({ channelId, value, onChange }: { channelId: string; value: Recipient | null; onChange(to: Recipient | null): void }) {
  const { api } = useConsole();
  const [mode, setMode] = useState<'phone' | 'contact'>('phone');
  const contacts = useLoad(() => (mode === 'contact' && channelId ? api.contacts({ channelId, limit: 200 }) : Promise.resolve(null)), [api, channelId, mode]);
  return (
    <fieldset className="recipient">
      <legend>To</legend>
      <label className="inline">
        <input type="radio" checked={mode === 'phone'} onChange={() => { setMode('phone'); onChange(null); }} /> Phone number
      </label>
      <label className="inline">
        <input type="radio" checked={mode === 'contact'} onChange={() => { setMode('contact'); onChange(null); }} /> Contact
      </label>
      {mode === 'phone' ? (
        <input aria-label="Phone number" placeholder="+234 803 123 4567" value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value || null)} />
      ) : (
        <select aria-label="Contact" value={value && typeof value === 'object' ? value.contactId : ''} onChange={(event) => onChange(event.target.value ? { contactId: event.target.value } : null)}>
          <option value="">Choose a contact</option>
          {contacts.data?.data.map((contact) => (
            <option key={contact.id} value={contact.id}>
              {contact.profileName ?? contact.phone} {contact.phone}
            </option>
          ))}
        </select>
      )}
    </fieldset>
  );
}

/** Send any kind of message to a number or a contact; the answer is the queued message's id. */
export function SendView() {
  const { api, channels, can } = useConsole();
  const [channelId, setChannelId] = useState(channels[0]?.id ?? '');
  const [to, setTo] = useState<Recipient | null>(null);
  const [kind, setKind] = useState<Kind>('text');
  const [text, setText] = useState('');
  const [buttons, setButtons] = useState([{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }]);
  const [media, setMedia] = useState<{ type: MediaType; link: string; caption: string; filename: string }>({ type: 'image', link: '', caption: '', filename: '' });
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  if (!can.send) return <p className="muted">This API key can read only: sending is off.</p>;

  const send = async (message: Omit<SendMessageDto, 'channelId' | 'to'>) => {
    if (!to) {
      setResult({ ok: false, text: 'Choose who to send to.' });
      return;
    }
    try {
      const accepted = await api.send({ channelId, to, ...message } as SendMessageDto);
      setResult({ ok: true, text: `Queued: message ${accepted.id}` });
    } catch (error) {
      setResult({ ok: false, text: errorText(error) });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (kind === 'text') void send({ type: 'text', text: { body: text } });
    if (kind === 'buttons') {
      void send({ type: 'interactive', interactive: { type: 'button', body: { text }, action: { buttons: buttons.filter((b) => b.id && b.title).map((reply) => ({ type: 'reply', reply })) } } } as Omit<SendMessageDto, 'channelId' | 'to'>);
    }
    if (kind === 'media') {
      const object = { link: media.link, ...(media.caption && media.type !== 'audio' ? { caption: media.caption } : {}), ...(media.filename && media.type === 'document' ? { filename: media.filename } : {}) };
      void send({ type: media.type, [media.type]: object } as Omit<SendMessageDto, 'channelId' | 'to'>);
    }
  };

  return (
    <div className="page send-page">
      <h2>Send a message</h2>
      <form className="card form" onSubmit={submit} aria-label="Send a message">
        <label>
          Channel
          <select value={channelId} onChange={(event) => setChannelId(event.target.value)}>
            <ChannelOptions channels={channels} withNumber />
          </select>
        </label>
        <RecipientField channelId={channelId} value={to} onChange={setTo} />
        <div className="tabs" role="tablist">
          {(['text', 'template', 'buttons', 'media'] as Kind[]).map((each) => (
            <button key={each} type="button" role="tab" aria-selected={kind === each} className={kind === each ? 'active' : undefined} onClick={() => setKind(each)}>
              {each === 'buttons' ? 'Buttons' : each[0].toUpperCase() + each.slice(1)}
            </button>
          ))}
        </div>
        {(kind === 'text' || kind === 'buttons') && (
          <label>
            {kind === 'text' ? 'Text' : 'Question'}
            <textarea aria-label="Message text" rows={3} value={text} onChange={(event) => setText(event.target.value)} />
          </label>
        )}
        {kind === 'buttons' &&
          buttons.map((button, i) => (
            <div className="row" key={i}>
              <input aria-label={`Button ${i + 1} id`} placeholder="id" value={button.id} onChange={(event) => setButtons(buttons.map((b, j) => (j === i ? { ...b, id: event.target.value } : b)))} />
              <input aria-label={`Button ${i + 1} title`} placeholder="title (20 characters)" maxLength={20} value={button.title} onChange={(event) => setButtons(buttons.map((b, j) => (j === i ? { ...b, title: event.target.value } : b)))} />
            </div>
          ))}
        {kind === 'buttons' && buttons.length < 3 && (
          <button type="button" className="secondary" onClick={() => setButtons([...buttons, { id: '', title: '' }])}>
            Add a button
          </button>
        )}
        {kind === 'media' && (
          <>
            <label>
              Media type
              <select value={media.type} onChange={(event) => setMedia({ ...media, type: event.target.value as MediaType })}>
                {['image', 'video', 'audio', 'document'].map((type) => (
                  <option key={type}>{type}</option>
                ))}
              </select>
            </label>
            <label>
              Public link (https)
              <input value={media.link} onChange={(event) => setMedia({ ...media, link: event.target.value })} placeholder="https://…" />
            </label>
            {media.type !== 'audio' && (
              <label>
                Caption
                <input value={media.caption} onChange={(event) => setMedia({ ...media, caption: event.target.value })} />
              </label>
            )}
            {media.type === 'document' && (
              <label>
                File name
                <input value={media.filename} onChange={(event) => setMedia({ ...media, filename: event.target.value })} />
              </label>
            )}
            {media.type === 'image' && media.link.startsWith('https://') && <img className="media-preview" src={media.link} alt="preview" />}
          </>
        )}
        {kind === 'template' ? channelId && <TemplateComposer key={channelId} channelId={channelId} send={(template) => send({ type: 'template', template })} /> : <button type="submit">Send</button>}
        {result && (
          <p className={result.ok ? 'success' : 'error'} role="status">
            {result.text}
          </p>
        )}
      </form>
    </div>
  );
}
