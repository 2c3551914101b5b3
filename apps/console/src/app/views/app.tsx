import { ReactElement, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient, ApiRequestError } from '../api/api-client';
import type { ApiKeyIdentityView, ChannelView } from '../api/api-types';
import { followMessageChanges, MessageChange, StreamState } from '../live/message-stream';
import { capabilitiesOf } from '../model/permissions';
import { apiKeySession } from '../session/api-key-session';
import { ActionsView } from './actions-view';
import { ChannelsView } from './channels-view';
import { ConsoleContext, ConsoleSession, errorText } from './console-context';
import { InboxView } from './inbox-view';
import { LoginView } from './login-view';
import { MessagesView } from './messages-view';
import { OperationsView } from './operations-view';
import { SendView } from './send-view';
import { TemplatesView } from './templates-view';

interface Page {
  path: string;
  title: string;
  render(): ReactElement;
  needs?: 'send' | 'admin';
}

const PAGES: Page[] = [
  { path: 'inbox', title: 'Inbox', render: () => <InboxView /> },
  { path: 'send', title: 'Send', render: () => <SendView />, needs: 'send' },
  { path: 'messages', title: 'Messages', render: () => <MessagesView /> },
  { path: 'templates', title: 'Templates', render: () => <TemplatesView /> },
  { path: 'actions', title: 'Actions & approvals', render: () => <ActionsView /> },
  { path: 'channels', title: 'Channels', render: () => <ChannelsView /> },
  { path: 'operations', title: 'Operations', render: () => <OperationsView />, needs: 'admin' },
];

function useHashPath(): string {
  const read = () => window.location.hash.replace(/^#\/?/, '') || 'inbox';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const onChange = () => setPath(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return path;
}

/** Why a key cannot use the console, in words. */
function loginProblem(error: unknown): string {
  if (error instanceof ApiRequestError && error.status === 401) return 'This API key is unknown or revoked.';
  if (error instanceof ApiRequestError && error.status === 403) return 'This API key lacks the read scope the console needs.';
  return errorText(error);
}

export function App() {
  const [apiKey, setApiKey] = useState<string | null>(() => apiKeySession.read());
  const [identity, setIdentity] = useState<ApiKeyIdentityView | null>(null);
  const [channels, setChannels] = useState<ChannelView[]>([]);
  const [loginError, setLoginError] = useState<string | null>(null);
  const [streamState, setStreamState] = useState<StreamState>('connecting');
  const listeners = useRef(new Set<(change: MessageChange) => void>());
  const path = useHashPath();
  const api = useMemo(() => (apiKey ? new ApiClient(apiKey) : null), [apiKey]);

  const logout = useCallback(() => {
    apiKeySession.clear();
    setApiKey(null);
    setIdentity(null);
  }, []);

  const reloadChannels = useCallback(() => {
    api?.channels().then((page) => setChannels(page.data), () => undefined);
  }, [api]);

  useEffect(() => {
    if (!api) return;
    api.me().then(
      (me) => {
        apiKeySession.save(api.apiKey);
        setIdentity(me);
        setLoginError(null);
        reloadChannels();
      },
      (error: unknown) => {
        setLoginError(loginProblem(error));
        logout();
      },
    );
  }, [api, logout, reloadChannels]);

  useEffect(() => {
    if (!identity || !apiKey) return;
    let connectedBefore = false;
    return followMessageChanges(
      apiKey,
      (change) => listeners.current.forEach((listener) => listener(change)),
      (state) => {
        setStreamState(state);
        // Changes made while the stream was down were not heard: views reload.
        if (state === 'live' && connectedBefore) listeners.current.forEach((listener) => listener({ messageId: '', conversationId: null, channelId: '', status: 'reconnected' }));
        if (state === 'live') connectedBefore = true;
      },
    );
  }, [identity, apiKey]);

  const onMessageChange = useCallback((listener: (change: MessageChange) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  const session: ConsoleSession | null = useMemo(
    () => (api && identity ? { api, identity, can: capabilitiesOf(identity.scopes), channels, reloadChannels, onMessageChange } : null),
    [api, identity, channels, reloadChannels, onMessageChange],
  );

  if (!apiKey || !session) return apiKey ? <p className="muted centered">Checking the API key…</p> : <LoginView onLogin={setApiKey} error={loginError} />;
  const visible = PAGES.filter((page) => !page.needs || session.can[page.needs]);
  const page = visible.find((each) => each.path === path) ?? visible[0];
  return (
    <ConsoleContext.Provider value={session}>
      <header className="topbar">
        <strong className="brand">wabus</strong>
        <nav>
          {visible.map((each) => (
            <a key={each.path} href={`#/${each.path}`} className={each === page ? 'active' : undefined}>
              {each.title}
            </a>
          ))}
        </nav>
        <span className={`live live-${streamState}`} title="Live updates">
          {streamState === 'live' ? '● live' : streamState === 'connecting' ? '○ connecting' : '○ offline'}
        </span>
        <span className="who" title={session.identity.channelIds ? `Channels: ${session.identity.channelIds.join(', ')}` : 'Every channel'}>
          {session.identity.name} · {session.identity.scopes.join(', ')}
        </span>
        <button type="button" className="secondary" onClick={logout}>
          Log out
        </button>
      </header>
      <main>{page.render()}</main>
    </ConsoleContext.Provider>
  );
}
