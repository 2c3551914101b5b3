import { useEffect, useState } from 'react';
import type { TemplateSyncView } from '../api/api-types';
import { errorText, useConsole, useLoad } from './console-context';
import { ChannelOptions } from './channel-options';

const SYNC_POLL_MS = 1_000;

function SyncButton({ channelId, onDone }: { channelId: string; onDone(): void }) {
  const { api } = useConsole();
  const [jobId, setJobId] = useState<string | null>(null);
  const [state, setState] = useState<TemplateSyncView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!jobId) return;
    const timer = setInterval(() => {
      api.templateSync(jobId).then(
        (answer) => {
          setState(answer);
          if (answer.state === 'completed' || answer.state === 'failed') {
            setJobId(null);
            onDone();
          }
        },
        (failure: unknown) => setError(errorText(failure)),
      );
    }, SYNC_POLL_MS);
    return () => clearInterval(timer);
  }, [api, jobId, onDone]);
  const start = () => {
    setError(null);
    setState(null);
    api.syncTemplates(channelId).then((accepted) => setJobId(accepted.jobId), (failure: unknown) => setError(errorText(failure)));
  };
  return (
    <span className="sync">
      <button type="button" disabled={jobId !== null} onClick={start}>
        {jobId ? 'Syncing…' : 'Sync now'}
      </button>
      {state && (
        <span className="muted" role="status">
          {' '}
          {state.state}
          {state.progress ? ` · ${JSON.stringify(state.progress)}` : ''}
          {state.failedReason ? ` · ${state.failedReason}` : ''}
        </span>
      )}
      {error && <span className="error"> {error}</span>}
    </span>
  );
}

export function TemplatesView() {
  const { api, channels, can } = useConsole();
  const [channelId, setChannelId] = useState(channels[0]?.id ?? '');
  const [selected, setSelected] = useState<string | null>(null);
  const templates = useLoad(() => api.templates({ channelId: channelId || undefined, limit: 200 }), [api, channelId]);
  const template = templates.data?.data.find((row) => row.id === selected);
  return (
    <div className="page">
      <h2>Templates</h2>
      <div className="filters card">
        <select aria-label="Channel" value={channelId} onChange={(event) => setChannelId(event.target.value)}>
          <ChannelOptions channels={channels} />
        </select>
        {can.admin && channelId && <SyncButton channelId={channelId} onDone={templates.reload} />}
      </div>
      {templates.error && <p className="error">{templates.error}</p>}
      <div className="split">
        <table className="card">
          <thead>
            <tr>
              <th>Name</th>
              <th>Language</th>
              <th>Category</th>
              <th>Status</th>
              <th>Synced</th>
            </tr>
          </thead>
          <tbody>
            {templates.data?.data.map((row) => (
              <tr key={row.id} onClick={() => setSelected(row.id)} className={row.id === selected ? 'selected' : undefined}>
                <td>{row.name}</td>
                <td>{row.language}</td>
                <td>{row.category}</td>
                <td className={`template-${row.status.toLowerCase()}`}>{row.status}{row.rejectedReason ? ` (${row.rejectedReason})` : ''}</td>
                <td>{new Date(row.syncedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {template && (
          <aside className="detail card" aria-label="Template preview">
            <h3>{template.name}</h3>
            {template.parsed.header && <p><strong>Header ({template.parsed.header.format})</strong></p>}
            {template.parsed.body && <p className="bubble bubble-out">{template.parsed.body.text}</p>}
            <ul className="bubble-choices">
              {template.parsed.buttons.map((button) => (
                <li key={button.index}>{button.text ?? button.type}</li>
              ))}
            </ul>
          </aside>
        )}
      </div>
    </div>
  );
}
