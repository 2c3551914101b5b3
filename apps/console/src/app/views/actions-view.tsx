import { FormEvent, useEffect, useState } from 'react';
import type { ButtonActionView, CreateButtonActionDto } from '../api/api-types';
import { errorText, useConsole, useLoad } from './console-context';
import { RuleTestPanel } from './rule-test-panel';
import { ChannelOptions } from './channel-options';

const ACTION_TYPES: Array<ButtonActionView['type']> = ['send_message', 'update_contact', 'create_ticket', 'update_status', 'webhook', 'rule'];
const APPROVAL_POLL_MS = 2_000;

interface ActionDraft {
  name: string;
  buttonId: string;
  channelId: string;
  type: ButtonActionView['type'];
  config: string;
  active: boolean;
  sequence: number;
}

const emptyDraft: ActionDraft = { name: '', buttonId: '', channelId: '', type: 'send_message', config: '{"text": "Thanks {{contact.name}}!"}', active: true, sequence: 0 };

function ActionForm({ editing, onSaved }: { editing: ButtonActionView | null; onSaved(): void }) {
  const { api, channels } = useConsole();
  const [draft, setDraft] = useState<ActionDraft>(emptyDraft);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(editing ? { ...editing, channelId: editing.channelId ?? '', config: JSON.stringify(editing.config, null, 2) } : emptyDraft);
  }, [editing]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(draft.config) as Record<string, unknown>;
    } catch {
      return setError('The configuration must be JSON, e.g. {"text": "Thanks!"}.');
    }
    // The DTO's nullable channelId is typed loosely in the OpenAPI document; it takes a channel id or null.
    const input = { ...draft, channelId: (draft.channelId || null) as CreateButtonActionDto['channelId'], config };
    try {
      if (editing) await api.updateButtonAction(editing.id, input);
      else await api.createButtonAction(input);
      onSaved();
      if (!editing) setDraft(emptyDraft);
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const field = (name: keyof ActionDraft) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: name === 'sequence' ? Number(event.target.value) : event.target.value });
  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-label={editing ? 'Edit button action' : 'New button action'}>
      <h3>{editing ? `Edit “${editing.name}”` : 'New button action'}</h3>
      <label>
        Name <input value={draft.name} onChange={field('name')} required />
      </label>
      <label>
        Button id (or quick-reply payload) <input value={draft.buttonId} onChange={field('buttonId')} required />
      </label>
      <label>
        Channel
        <select value={draft.channelId} onChange={field('channelId')}>
          <ChannelOptions channels={channels} anyLabel="Every channel" />
        </select>
      </label>
      <label>
        Type
        <select value={draft.type} onChange={field('type')}>
          {ACTION_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      </label>
      <label>
        Configuration (JSON)
        <textarea rows={4} value={draft.config} onChange={field('config')} className="mono" />
      </label>
      {draft.type === 'rule' && <RuleTestPanel config={draft.config} />}
      <div className="row">
        <label className="inline">
          <input type="checkbox" checked={draft.active} onChange={(event) => setDraft({ ...draft, active: event.target.checked })} /> Active
        </label>
        <label className="inline">
          Order <input type="number" min={0} value={draft.sequence} onChange={field('sequence')} />
        </label>
      </div>
      <button type="submit">{editing ? 'Save' : 'Create'}</button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}

function ApprovalForm({ onCreated }: { onCreated(): void }) {
  const { api, channels } = useConsole();
  const [draft, setDraft] = useState({ channelId: channels[0]?.id ?? '', to: '', reference: '', title: '', amount: '', currency: '' });
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.createApproval({ channelId: draft.channelId, to: draft.to, reference: draft.reference, title: draft.title, ...(draft.amount ? { amount: draft.amount } : {}), ...(draft.currency ? { currency: draft.currency } : {}) });
      onCreated();
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-label="Ask for an approval">
      <h3>Ask for an approval</h3>
      <label>
        Channel
        <select value={draft.channelId} onChange={field('channelId')}>
          <ChannelOptions channels={channels} />
        </select>
      </label>
      <label>
        Approver's phone <input value={draft.to} onChange={field('to')} required />
      </label>
      <label>
        Reference <input value={draft.reference} onChange={field('reference')} required />
      </label>
      <label>
        Title <input value={draft.title} onChange={field('title')} required />
      </label>
      <div className="row">
        <label>
          Amount <input value={draft.amount} onChange={field('amount')} placeholder="120.50" />
        </label>
        <label>
          Currency <input value={draft.currency} onChange={field('currency')} placeholder="EUR" maxLength={3} />
        </label>
      </div>
      <button type="submit">Send for approval</button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}

/** Button actions (what a tap does) and approvals with their decisions. Approvals refresh while one is pending. */
export function ActionsView() {
  const { api, can } = useConsole();
  const actions = useLoad(() => api.buttonActions(), [api]);
  const approvals = useLoad(() => api.approvals(), [api]);
  const [editing, setEditing] = useState<ButtonActionView | null>(null);
  const pending = approvals.data?.data.some((approval) => approval.status === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(approvals.reload, APPROVAL_POLL_MS);
    return () => clearInterval(timer);
  }, [pending, approvals.reload]);
  return (
    <div className="page">
      <h2>Button actions</h2>
      <div className="split">
        <table className="card">
          <thead>
            <tr>
              <th>Name</th>
              <th>Button</th>
              <th>Type</th>
              <th>Active</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {actions.data?.data.map((action) => (
              <tr key={action.id}>
                <td>{action.name}</td>
                <td className="mono">{action.buttonId}</td>
                <td>{action.type}</td>
                <td>{action.active ? 'yes' : 'no'}</td>
                <td>{can.admin && <button type="button" className="secondary" onClick={() => setEditing(action)}>Edit</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {can.admin && <ActionForm editing={editing} onSaved={() => { setEditing(null); actions.reload(); }} />}
      </div>
      {actions.error && <p className="error">{actions.error}</p>}
      <h2>Approvals</h2>
      <div className="split">
        <table className="card" aria-label="Approvals">
          <thead>
            <tr>
              <th>Reference</th>
              <th>Title</th>
              <th>Approver</th>
              <th>Status</th>
              <th>Decided</th>
            </tr>
          </thead>
          <tbody>
            {approvals.data?.data.map((approval) => (
              <tr key={approval.id} data-approval-id={approval.id}>
                <td>{approval.reference}</td>
                <td>{approval.title}{approval.amount ? ` · ${approval.amount} ${approval.currency ?? ''}` : ''}</td>
                <td>{approval.to}</td>
                <td className={`approval-${approval.status}`}>{approval.status}</td>
                <td>{approval.decidedAt ? `${new Date(approval.decidedAt).toLocaleString()} by ${approval.decidedBy ?? '?'}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {can.send && <ApprovalForm onCreated={approvals.reload} />}
      </div>
      {approvals.error && <p className="error">{approvals.error}</p>}
    </div>
  );
}
