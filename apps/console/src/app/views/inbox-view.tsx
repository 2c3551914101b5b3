import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConversationView, SendMessageDto } from '../api/api-types';
import { tappedChoices } from '../model/message-content';
import { describeWindow } from '../model/window-time';
import { errorText, useConsole, useLoad, useNow } from './console-context';
import { MessageBubble } from './message-bubble';
import { TemplateComposer } from './template-composer';

const looksLikePhone = (text: string) => /^[+\d][\d\s()-]*$/.test(text.trim());

function ConversationList({ selectedId, onSelect, version }: { selectedId: string | null; onSelect(id: string): void; version: number }) {
  const { api } = useConsole();
  const now = useNow();
  const [search, setSearch] = useState('');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const phone = looksLikePhone(search) ? search.trim() : undefined;
  const list = useLoad(() => api.conversations({ phone, unread: unreadOnly || undefined, limit: 100 }), [api, phone, unreadOnly, version]);
  const byName = (conversation: ConversationView) => phone !== undefined || !search.trim() || (conversation.contact.profileName ?? '').toLowerCase().includes(search.trim().toLowerCase());
  return (
    <aside className="conversation-list">
      <div className="list-filters">
        <input type="search" placeholder="Search name or number" aria-label="Search conversations" value={search} onChange={(event) => setSearch(event.target.value)} />
        <label className="inline">
          <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} /> Unread
        </label>
      </div>
      {list.error && <p className="error">{list.error}</p>}
      <ul>
        {list.data?.data.filter(byName).map((conversation) => {
          const window = describeWindow(conversation.window, now);
          return (
            <li key={conversation.id}>
              <button type="button" className={`conversation${conversation.id === selectedId ? ' selected' : ''}`} onClick={() => onSelect(conversation.id)} data-conversation-id={conversation.id}>
                <span className="conversation-name">{conversation.contact.profileName ?? conversation.contact.phone}</span>
                {conversation.unreadCount > 0 && <span className="unread" aria-label={`${conversation.unreadCount} unread`}>{conversation.unreadCount}</span>}
                <span className="conversation-phone">{conversation.contact.phone}</span>
                <span className={`window-pill ${window.open ? (window.closingSoon ? 'closing' : 'open') : 'closed'}`}>{window.label}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {list.data && list.data.data.length === 0 && <p className="muted empty">No conversations yet.</p>}
    </aside>
  );
}

function ReplyBox({ conversation, onSent }: { conversation: ConversationView; onSent(): void }) {
  const { api, can } = useConsole();
  const now = useNow(15_000);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const window = describeWindow(conversation.window, now);
  if (!can.send) return <p className="muted reply-readonly">This API key can read only: replies are off.</p>;
  const send = async (input: Omit<SendMessageDto, 'channelId' | 'to'>) => {
    setError(null);
    try {
      await api.send({ channelId: conversation.channelId, to: { contactId: conversation.contact.id }, ...input } as SendMessageDto);
      onSent();
    } catch (failure) {
      setError(errorText(failure));
      throw failure;
    }
  };
  return (
    <div className="reply-box">
      {window.open ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!text.trim()) return;
            void send({ type: 'text', text: { body: text } }).then(() => setText(''), () => undefined);
          }}
        >
          <textarea aria-label="Reply" placeholder="Type a reply" value={text} rows={2} onChange={(event) => setText(event.target.value)} onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }} />
          <button type="submit">Send</button>
        </form>
      ) : (
        <>
          <p className="muted">The 24-hour window is closed: only a template can reach this customer.</p>
          <TemplateComposer channelId={conversation.channelId} send={(template) => send({ type: 'template', template }).catch(() => undefined)} />
        </>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  );
}

function ChatPanel({ conversationId, version, onSent }: { conversationId: string; version: number; onSent(): void }) {
  const { api } = useConsole();
  const now = useNow();
  const conversation = useLoad(() => api.conversation(conversationId), [api, conversationId, version]);
  const messages = useLoad(() => api.conversationMessages(conversationId, { limit: 100 }), [api, conversationId, version]);
  const ordered = useMemo(() => [...(messages.data?.data ?? [])].reverse(), [messages.data]);
  const tapped = useMemo(() => tappedChoices(ordered), [ordered]);
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [ordered.length]);
  if (!conversation.data) return <section className="chat">{conversation.error ? <p className="error">{conversation.error}</p> : <p className="muted">Loading…</p>}</section>;
  const window = describeWindow(conversation.data.window, now);
  const contact = conversation.data.contact;
  return (
    <section className="chat" aria-label="Conversation">
      <header className="chat-header">
        <div>
          <strong>{contact.profileName ?? contact.phone}</strong> <span className="muted">{contact.phone}</span>
          {contact.optedOut && <span className="error"> opted out</span>}
        </div>
        <span className={`window-pill ${window.open ? (window.closingSoon ? 'closing' : 'open') : 'closed'}`}>{window.label}</span>
      </header>
      <div className="chat-messages">
        {ordered.map((message) => (
          <MessageBubble key={message.id} message={message} tapped={message.waMessageId ? tapped.get(message.waMessageId) ?? null : null} />
        ))}
        <div ref={bottom} />
      </div>
      <ReplyBox conversation={conversation.data} onSent={onSent} />
    </section>
  );
}

/** Conversations on the left, the chat on the right; both follow live message changes. */
export function InboxView() {
  const { onMessageChange } = useConsole();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [listVersion, setListVersion] = useState(0);
  const [chatVersion, setChatVersion] = useState(0);
  const selected = useRef(selectedId);
  selected.current = selectedId;
  useEffect(
    () =>
      onMessageChange((change) => {
        setListVersion((v) => v + 1);
        if (change.conversationId && change.conversationId === selected.current) setChatVersion((v) => v + 1);
      }),
    [onMessageChange],
  );
  return (
    <div className="inbox">
      <ConversationList selectedId={selectedId} onSelect={setSelectedId} version={listVersion} />
      {selectedId ? <ChatPanel conversationId={selectedId} version={chatVersion} onSent={() => setChatVersion((v) => v + 1)} /> : <section className="chat empty-chat muted">Choose a conversation.</section>}
    </div>
  );
}
