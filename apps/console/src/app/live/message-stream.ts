import { createEventStreamParser } from '../model/event-stream-parser';

export interface MessageChange {
  messageId: string;
  conversationId: string | null;
  channelId: string;
  status: string;
}

export type StreamState = 'connecting' | 'live' | 'offline';

const RECONNECT_MS = 3_000;

/**
 * Follows `GET /v1/stream` with fetch, so the API key goes in the
 * Authorization header (EventSource cannot send one). Reconnects after a
 * drop; `onState('live')` after a reconnect tells views to reload, since
 * changes made while offline were not heard.
 */
export function followMessageChanges(apiKey: string, onChange: (change: MessageChange) => void, onState: (state: StreamState) => void): () => void {
  const abort = new AbortController();
  let stopped = false;

  const connectOnce = async (): Promise<void> => {
    onState('connecting');
    const response = await fetch('/v1/stream', { headers: { authorization: `Bearer ${apiKey}` }, signal: abort.signal });
    if (!response.ok || !response.body) throw new Error(`stream refused: ${response.status}`);
    onState('live');
    const feed = createEventStreamParser((event) => {
      if (event.event === 'message') onChange(JSON.parse(event.data) as MessageChange);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      feed(value);
    }
  };

  const run = async (): Promise<void> => {
    while (!stopped) {
      try {
        await connectOnce();
      } catch {
        // Refused, dropped or aborted: shown as offline, retried below.
      }
      if (stopped) return;
      onState('offline');
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  void run();
  return () => {
    stopped = true;
    abort.abort();
  };
}
