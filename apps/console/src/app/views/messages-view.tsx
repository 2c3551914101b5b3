import { useState } from 'react';
import type { MessageQuery } from '../api/api-types';
import { createdRangeOfDays } from '../model/date-range';
import { failureText, statusTick } from '../model/status-ticks';
import { useConsole, useLoad } from './console-context';
import { ChannelOptions } from './channel-options';

const STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'received'];
const TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'template', 'reaction'];

function MessageDetail({ id, onClose }: { id: string; onClose(): void }) {
  const { api } = useConsole();
  const message = useLoad(() => api.message(id), [api, id]);
  const data = message.data;
  return (
    <aside className="detail card" aria-label="Message detail">
      <button type="button" className="secondary close" onClick={onClose}>
        Close
      </button>
      {message.error && <p className="error">{message.error}</p>}
      {data && (
        <>
          <h3>
            {data.direction === 'in' ? 'From' : 'To'} {data.phone} · {data.type} · {data.status}
          </h3>
          {data.error && <p className="error">{failureText(data.error)}</p>}
          <dl>
            <dt>wamid</dt>
            <dd>{data.waMessageId ?? '—'}</dd>
            <dt>History</dt>
            <dd>{data.statusHistory.map((entry) => `${entry.status} ${new Date(entry.at).toLocaleTimeString()}`).join(' → ')}</dd>
          </dl>
          <h4>Payload</h4>
          <pre>{JSON.stringify(data.payload, null, 2)}</pre>
          <h4>Raw</h4>
          <pre>{JSON.stringify(data, null, 2)}</pre>
        </>
      )}
    </aside>
  );
}

/** The message log: every filter, the days included, is the API's; a changed filter starts again at the newest page. */
export function MessagesView() {
  const { api, channels } = useConsole();
  const [query, setQuery] = useState<MessageQuery>({ limit: 100 });
  const [days, setDays] = useState({ from: '', until: '' });
  const [selected, setSelected] = useState<string | null>(null);
  const log = useLoad(() => api.messages(query), [api, JSON.stringify(query)]);
  const set = (field: keyof MessageQuery) => (event: { target: { value: string } }) => setQuery({ ...query, cursor: undefined, [field]: event.target.value || undefined });
  const setDay = (bound: 'from' | 'until') => (event: { target: { value: string } }) => {
    const next = { ...days, [bound]: event.target.value };
    setDays(next);
    setQuery({ ...query, cursor: undefined, ...createdRangeOfDays(next.from, next.until) });
  };
  return (
    <div className="page">
      <h2>Messages</h2>
      <div className="filters card">
        <select aria-label="Channel" value={query.channelId ?? ''} onChange={set('channelId')}>
          <ChannelOptions channels={channels} anyLabel="All channels" />
        </select>
        <select aria-label="Direction" value={query.direction ?? ''} onChange={set('direction')}>
          <option value="">Both directions</option>
          <option value="in">Inbound</option>
          <option value="out">Outbound</option>
        </select>
        <select aria-label="Status" value={query.status ?? ''} onChange={set('status')}>
          <option value="">Any status</option>
          {STATUSES.map((status) => (
            <option key={status}>{status}</option>
          ))}
        </select>
        <select aria-label="Type" value={query.type ?? ''} onChange={set('type')}>
          <option value="">Any type</option>
          {TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
        <input aria-label="Phone" placeholder="Phone" value={query.phone ?? ''} onChange={set('phone')} />
        <label className="inline">
          From <input type="date" value={days.from} onChange={setDay('from')} />
        </label>
        <label className="inline">
          Until <input type="date" value={days.until} onChange={setDay('until')} />
        </label>
      </div>
      {log.error && <p className="error">{log.error}</p>}
      <div className="split">
        <table className="card">
          <thead>
            <tr>
              <th>When</th>
              <th></th>
              <th>Phone</th>
              <th>Type</th>
              <th>Content</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {log.data?.data.map((message) => (
              <tr key={message.id} className={message.id === selected ? 'selected' : undefined} onClick={() => setSelected(message.id)}>
                <td>{new Date(message.createdAt).toLocaleString()}</td>
                <td>{message.direction === 'in' ? '⬅' : '➡'}</td>
                <td>{message.phone}</td>
                <td>{message.type}</td>
                <td className="ellipsis">{message.text}</td>
                <td className={`status-${message.status}`} title={failureText(message.error) ?? undefined}>
                  {statusTick(message.status)?.glyph} {message.status}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {selected && <MessageDetail id={selected} onClose={() => setSelected(null)} />}
      </div>
      {log.data?.nextCursor && (
        <button type="button" className="secondary" onClick={() => setQuery({ ...query, cursor: log.data?.nextCursor ?? undefined })}>
          Older
        </button>
      )}
    </div>
  );
}
