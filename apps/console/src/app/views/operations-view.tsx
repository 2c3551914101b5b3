import { useEffect, useState } from 'react';
import { errorText, useConsole, useLoad } from './console-context';

const DEPTHS_REFRESH_MS = 5_000;

/** Queue depths (refreshed every few seconds) and the dead letters, each replayable. Admin keys only. */
export function OperationsView() {
  const { api, can } = useConsole();
  const depths = useLoad(() => (can.admin ? api.queueDepths() : Promise.resolve(null)), [api, can.admin]);
  const [pendingOnly, setPendingOnly] = useState(true);
  const letters = useLoad(() => (can.admin ? api.deadLetters({ pending: pendingOnly ? 'true' : undefined }) : Promise.resolve(null)), [api, can.admin, pendingOnly]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  useEffect(() => {
    const timer = setInterval(depths.reload, DEPTHS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [depths.reload]);
  if (!can.admin) return <p className="muted">Operations need an admin API key.</p>;
  const replay = (id: string) =>
    api.retryDeadLetter(id).then(
      (answer) => {
        setNotes((all) => ({ ...all, [id]: `replayed as job ${answer.replayJobId}` }));
        letters.reload();
      },
      (error: unknown) => setNotes((all) => ({ ...all, [id]: errorText(error) })),
    );
  return (
    <div className="page">
      <h2>Queues</h2>
      {depths.error && <p className="error">{depths.error}</p>}
      <table className="card">
        <thead>
          <tr>
            <th>Queue</th>
            <th>Waiting</th>
            <th>Active</th>
            <th>Delayed</th>
            <th>Failed (recent)</th>
            <th>Completed (recent)</th>
          </tr>
        </thead>
        <tbody>
          {depths.data?.data.map((row) => (
            <tr key={row.queue}>
              <td>{row.queue}</td>
              <td>{row.waiting + row.prioritized}</td>
              <td>{row.active}</td>
              <td>{row.delayed}</td>
              <td>{row.failed}</td>
              <td>{row.completed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>
        Dead letters{' '}
        <label className="inline small">
          <input type="checkbox" checked={pendingOnly} onChange={(event) => setPendingOnly(event.target.checked)} /> not replayed only
        </label>
      </h2>
      {letters.error && <p className="error">{letters.error}</p>}
      {letters.data?.data.length === 0 && <p className="muted">Nothing failed for good.</p>}
      {letters.data?.data.map((letter) => (
        <details key={letter.id} className="card">
          <summary>
            {new Date(letter.failedAt).toLocaleString()} · {letter.queue} / {letter.jobName} · {String(letter.error?.message ?? letter.error?.code ?? 'failed')} · {letter.attempts} attempts
            {letter.replayedAt ? ` · replayed ${new Date(letter.replayedAt).toLocaleString()}` : ''}
          </summary>
          <pre>{JSON.stringify({ payload: letter.payload, error: letter.error }, null, 2)}</pre>
          <button type="button" onClick={() => void replay(letter.id)}>Replay</button> {notes[letter.id] && <span className="muted">{notes[letter.id]}</span>}
        </details>
      ))}
    </div>
  );
}
