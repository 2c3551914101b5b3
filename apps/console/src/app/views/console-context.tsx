import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/api-client';
import { ApiRequestError } from '../api/api-client';
import type { ApiKeyIdentityView, ChannelView } from '../api/api-types';
import type { MessageChange } from '../live/message-stream';
import type { Capabilities } from '../model/permissions';

export interface ConsoleSession {
  api: ApiClient;
  identity: ApiKeyIdentityView;
  can: Capabilities;
  channels: ChannelView[];
  reloadChannels(): void;
  /** Live message changes; returns the unsubscribe. */
  onMessageChange(listener: (change: MessageChange) => void): () => void;
}

export const ConsoleContext = createContext<ConsoleSession | null>(null);

export function useConsole(): ConsoleSession {
  const session = useContext(ConsoleContext);
  if (!session) throw new Error('useConsole outside the logged-in console');
  return session;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** Loads with `load` whenever `deps` change; `reload()` asks again. Answers to older requests are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => request === latest.current && setState({ data, error: null, loading: false }),
      (error: unknown) => request === latest.current && setState((previous) => ({ data: previous.data, error: errorText(error), loading: false })),
    );
    // The caller names what the load depends on (`deps`), as with useEffect.
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

/** The current time, refreshed every `everyMs`: countdowns tick without asking the API. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
