import { Agent, request } from 'undici';

/** Posts a webhook and reports the status code, or 0 when there was no answer (refused, reset, timeout). */
export interface WebhookPoster {
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * undici with keep-alive connections per endpoint: Meta keeps delivering
 * concurrently, and opening a connection per webhook would make the emulator,
 * not the endpoint, the bottleneck.
 */
export class UndiciWebhookPoster implements WebhookPoster {
  private readonly agent = new Agent({
    connections: 64,
    keepAliveTimeout: 10_000,
    pipelining: 1,
  });

  async post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
    try {
      const response = await request(url, {
        method: 'POST',
        body,
        headers,
        dispatcher: this.agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      return response.statusCode;
    } catch {
      return 0;
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
