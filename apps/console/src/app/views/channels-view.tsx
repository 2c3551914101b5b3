import { FormEvent, useState } from 'react';
import type { ChannelVerificationView, ChannelView, CreateChannelDto } from '../api/api-types';
import { errorText, useConsole } from './console-context';

type ChannelDraft = Omit<CreateChannelDto, 'throughputMps'> & { throughputMps: string };

const SECRET_FIELDS = ['accessToken', 'appSecret', 'verifyToken'] as const;
const SECRET_LABELS: Record<(typeof SECRET_FIELDS)[number], string> = { accessToken: 'Access token', appSecret: 'App secret', verifyToken: 'Verify token' };

const draftOf = (channel: ChannelView | null): ChannelDraft => ({
  name: channel?.name ?? '',
  phoneNumberId: channel?.phoneNumberId ?? '',
  wabaId: channel?.wabaId ?? '',
  accessToken: '',
  appSecret: '',
  verifyToken: '',
  apiVersion: channel?.apiVersion ?? 'v23.0',
  graphBaseUrl: channel?.graphBaseUrl ?? 'https://graph.facebook.com',
  throughputMps: String(channel?.throughputMps ?? 80),
  active: channel?.active ?? true,
});

/** Create or edit a channel. Secrets are write-only: empty fields keep the stored value when editing. */
function ChannelForm({ channel, onSaved }: { channel: ChannelView | null; onSaved(): void }) {
  const { api } = useConsole();
  const [draft, setDraft] = useState<ChannelDraft>(() => draftOf(channel));
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof ChannelDraft) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const input = { ...draft, throughputMps: Number(draft.throughputMps) };
    try {
      if (channel) {
        const changed = Object.fromEntries(Object.entries(input).filter(([name, value]) => !(SECRET_FIELDS as readonly string[]).includes(name) || value !== ''));
        await api.updateChannel(channel.id, changed);
      } else {
        await api.createChannel(input);
      }
      onSaved();
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-label={channel ? 'Edit channel' : 'New channel'}>
      <h3>{channel ? `Edit ${channel.name}` : 'New channel'}</h3>
      <label>
        Name <input value={draft.name} onChange={field('name')} required />
      </label>
      <label>
        Phone number id <input value={draft.phoneNumberId} onChange={field('phoneNumberId')} required />
      </label>
      <label>
        WhatsApp Business Account id <input value={draft.wabaId} onChange={field('wabaId')} required />
      </label>
      {SECRET_FIELDS.map((name) => (
        <label key={name}>
          {SECRET_LABELS[name]} {channel?.secrets[name] && <small className="muted">(set; leave empty to keep)</small>}
          <input type="password" autoComplete="off" value={draft[name]} onChange={field(name)} required={!channel} />
        </label>
      ))}
      <div className="row">
        <label>
          API version <input value={draft.apiVersion} onChange={field('apiVersion')} />
        </label>
        <label>
          Messages per second <input type="number" min={1} max={1000} value={draft.throughputMps} onChange={field('throughputMps')} />
        </label>
      </div>
      <label>
        Graph API URL <input value={draft.graphBaseUrl} onChange={field('graphBaseUrl')} />
      </label>
      <button type="submit">{channel ? 'Save' : 'Create'}</button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}

function VerificationReport({ report }: { report: ChannelVerificationView }) {
  return (
    <div className={`report ${report.ok ? 'success' : 'error'}`} role="status">
      <strong>{report.ok ? 'The credentials work.' : `Not working: ${report.problem ?? report.code}`}</strong>
      {report.warnings.length > 0 && (
        <ul>
          {report.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ChannelsView() {
  const { api, channels, can, reloadChannels } = useConsole();
  const [editing, setEditing] = useState<ChannelView | 'new' | null>(null);
  const [reports, setReports] = useState<Record<string, ChannelVerificationView | string>>({});
  const verify = (id: string) =>
    api.verifyChannel(id).then(
      (report) => setReports((all) => ({ ...all, [id]: report })),
      (error: unknown) => setReports((all) => ({ ...all, [id]: errorText(error) })),
    );
  return (
    <div className="page">
      <h2>Channels {can.admin && <button type="button" className="secondary" onClick={() => setEditing('new')}>New channel</button>}</h2>
      <div className="split">
        <div className="cards">
          {channels.map((channel) => {
            const report = reports[channel.id];
            return (
              <article key={channel.id} className="card channel">
                <h3>
                  {channel.name} <span className="muted">{channel.displayPhoneNumber ?? channel.phoneNumberId}</span> {!channel.active && <span className="error">inactive</span>}
                </h3>
                <dl>
                  <dt>Callback URL for Meta</dt>
                  <dd className="mono">{channel.webhookUrl}</dd>
                  <dt>Verify token</dt>
                  <dd>{channel.secrets.verifyToken ? 'Set. Paste the verify token you saved with this channel into Meta; wabus never shows it again.' : 'Not set: edit the channel to add one.'}</dd>
                  <dt>Secrets</dt>
                  <dd>{SECRET_FIELDS.map((name) => `${SECRET_LABELS[name]} ${channel.secrets[name] ? '✓' : '✗'}`).join(' · ')}</dd>
                  <dt>Templates</dt>
                  <dd>{channel.lastTemplateSyncAt ? `synced ${new Date(channel.lastTemplateSyncAt).toLocaleString()}` : 'never synced'}{channel.lastTemplateSyncError ? ` · ${channel.lastTemplateSyncError}` : ''}</dd>
                </dl>
                {can.admin && (
                  <div className="row">
                    <button type="button" onClick={() => void verify(channel.id)}>Verify credentials</button>
                    <button type="button" className="secondary" onClick={() => setEditing(channel)}>Edit</button>
                  </div>
                )}
                {typeof report === 'string' ? <p className="error">{report}</p> : report && <VerificationReport report={report} />}
              </article>
            );
          })}
        </div>
        {can.admin && editing && <ChannelForm key={editing === 'new' ? 'new' : editing.id} channel={editing === 'new' ? null : editing} onSaved={() => { setEditing(null); reloadChannels(); }} />}
      </div>
    </div>
  );
}
