import { randomUUID } from 'node:crypto';
import { assertValidSendRequest, SendRequest } from './send-request';

export interface WabusHttpClientOptions {
  /** The gateway, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  apiKey: string;
  /** Attempts for a request that failed on the network or with 5xx/429 (same idempotency key each time). */
  attempts?: number;
  timeoutMs?: number;
}

/** An error answer of the API: `{"error":{"code","message","details"}}`. */
export class WabusApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'WabusApiError';
  }
}

export interface QueuedMessage {
  id: string;
  status: 'queued';
}

/**
 * The SDK over HTTP. Every send carries an idempotency key (yours, or one made
 * per call), and a retry after a timeout or a 5xx reuses it: the gateway answers
 * with the same message, so nothing is sent twice.
 */
export class WabusHttpClient {
  private readonly baseUrl: string;

  constructor(private readonly options: WabusHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async sendMessage(request: SendRequest): Promise<QueuedMessage> {
    assertValidSendRequest(request);
    return this.call<QueuedMessage>('POST', '/v1/messages', { ...request, idempotencyKey: request.idempotencyKey ?? randomUUID() });
  }

  getMessage<T = Record<string, unknown>>(id: string): Promise<T> {
    return this.call<T>('GET', `/v1/messages/${encodeURIComponent(id)}`);
  }

  /** Any other route of the API (see /docs): the same authentication, retries and errors. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const attempts = Math.max(1, this.options.attempts ?? 3);
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${this.options.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        const text = await response.text();
        const parsed = text ? (JSON.parse(text) as unknown) : undefined;
        if (response.ok) return parsed as T;
        const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
        lastError = new WabusApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, error?.details);
        if (response.status < 500 && response.status !== 429) throw lastError;
      } catch (error) {
        if (error instanceof WabusApiError && error.status < 500 && error.status !== 429) throw error;
        lastError = error;
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
    }
    throw lastError;
  }
}
