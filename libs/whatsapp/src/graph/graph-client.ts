import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { Agent, FormData, request } from 'undici';
import type { MarkAsReadRequest, SendMessageRequest, SendMessageResponse } from '@wabus/domain';
import { GraphApiError, GraphResponseError, GraphTransportError, parseGraphErrorEnvelope, UnsafeUrlError } from './graph-errors';
import { baseMimeType, MAX_MEDIA_BYTES, mediaKindOf } from './media-kinds';
import { buildReadReceipt } from './message-request';
import { assertSafeUrl, publicOnlyLookup, redactedUrl } from './url-guard';

/** What the client needs to call Graph for one business number. Built by the caller from a channel; the token is plain here and nowhere else. */
export interface GraphTarget {
  /** e.g. https://graph.facebook.com (or the emulator). */
  graphBaseUrl: string;
  /** e.g. v23.0 */
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
}

/** What a call on a node other than the number needs (a WABA's templates): where, which version, whose token. */
export type GraphCredentials = Pick<GraphTarget, 'graphBaseUrl' | 'apiVersion' | 'accessToken'>;

export interface GraphClientOptions {
  /** When false, Graph base URLs and media URLs resolving to loopback or private ranges are refused. */
  allowPrivateUrls: boolean;
  /** Time to open a connection. */
  connectTimeoutMs?: number;
  /** Time to the response headers, and between body chunks. */
  responseTimeoutMs?: number;
  /** Keep-alive connections per origin (Graph, the emulator). */
  connectionsPerOrigin?: number;
}

/** A Graph answer: the parsed body and what it took. */
export interface GraphExchange<T> {
  status: number;
  body: T;
  durationMs: number;
}

export interface PhoneNumberInfo {
  id: string;
  verified_name?: string;
  display_phone_number?: string;
  quality_rating?: string;
  code_verification_status?: string;
  platform_type?: string;
  throughput?: { level?: string };
  [field: string]: unknown;
}

export interface MediaInfo {
  messaging_product: 'whatsapp';
  /** Valid for five minutes (§6.2). */
  url: string;
  mime_type: string;
  sha256: string;
  file_size: string | number;
  id: string;
}

export interface MediaFile {
  bytes: Buffer;
  mimeType: string;
  filename?: string;
}

const DEFAULTS = { connectTimeoutMs: 5_000, responseTimeoutMs: 20_000, connectionsPerOrigin: 128 };
const MAX_REDIRECTS = 3;

/**
 * The one typed client of the Graph API (style.md habit 11): undici with one
 * keep-alive pool per origin (an Agent keeps a Pool per origin), timeouts on
 * connect and response, Meta's error envelope parsed into GraphApiError,
 * transport failures into GraphTransportError. When private URLs are not
 * allowed, every connection is checked against the SSRF policy at connect
 * time (see url-guard.ts), so a channel's graphBaseUrl cannot carry its
 * access token to an internal service.
 */
export class GraphClient {
  private readonly agent: Agent;
  private readonly settings: Required<GraphClientOptions>;

  constructor(options: GraphClientOptions) {
    this.settings = { ...DEFAULTS, ...options };
    this.agent = new Agent({
      connections: this.settings.connectionsPerOrigin,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: this.settings.responseTimeoutMs,
      bodyTimeout: this.settings.responseTimeoutMs,
      connect: { timeout: this.settings.connectTimeoutMs, ...(options.allowPrivateUrls ? {} : { lookup: publicOnlyLookup() }) },
    });
  }

  /** The URL of a send, for records and logs (no token in it). */
  messagesUrl(target: GraphTarget): string {
    return this.url(target, `${target.phoneNumberId}/messages`).toString();
  }

  /** `POST /{phone-number-id}/messages`: a message, a read receipt or a typing indicator. */
  async sendMessage(target: GraphTarget, body: SendMessageRequest | MarkAsReadRequest): Promise<GraphExchange<SendMessageResponse>> {
    return this.json<SendMessageResponse>(target, 'POST', this.url(target, `${target.phoneNumberId}/messages`), JSON.stringify(body), 'application/json');
  }

  /** Marks a received message (and the thread before it) as read; with `typingIndicator`, also shows "typing…". */
  async markAsRead(target: GraphTarget, messageId: string, typingIndicator = false): Promise<GraphExchange<{ success: boolean }>> {
    const exchange = await this.sendMessage(target, buildReadReceipt(messageId, typingIndicator));
    return exchange as unknown as GraphExchange<{ success: boolean }>;
  }

  /** `GET /{phone-number-id}`: what the channel verify action checks (§7.1). */
  async getPhoneNumber(target: GraphTarget, fields?: string[]): Promise<GraphExchange<PhoneNumberInfo>> {
    const url = this.url(target, target.phoneNumberId);
    if (fields && fields.length > 0) url.searchParams.set('fields', fields.join(','));
    return this.json<PhoneNumberInfo>(target, 'GET', url);
  }

  /** `POST /{phone-number-id}/media` (multipart): returns the media id to send by (§6.1). */
  async uploadMedia(target: GraphTarget, file: MediaFile): Promise<GraphExchange<{ id: string }>> {
    const form = new FormData();
    const mimeType = baseMimeType(file.mimeType);
    form.set('messaging_product', 'whatsapp');
    form.set('type', mimeType);
    form.set('file', new Blob([file.bytes], { type: mimeType }), file.filename ?? 'file');
    return this.json<{ id: string }>(target, 'POST', this.url(target, `${target.phoneNumberId}/media`), form);
  }

  /**
   * Downloads a file from a URL and uploads it through the media API, for media
   * Meta cannot fetch itself. The download is SSRF-guarded like every request,
   * redirects are followed (at most three) and checked hop by hop, and the file
   * must be a type and size Meta accepts.
   */
  async uploadMediaFromUrl(target: GraphTarget, url: string, filename?: string): Promise<GraphExchange<{ id: string }>> {
    const file = await this.fetchFile(url, undefined);
    return this.uploadMedia(target, { ...file, filename: filename ?? file.filename });
  }

  /** `GET /{media-id}?phone_number_id=…`: a download URL valid five minutes (§6.2). */
  async retrieveMedia(target: GraphTarget, mediaId: string): Promise<GraphExchange<MediaInfo>> {
    const url = this.url(target, mediaId);
    url.searchParams.set('phone_number_id', target.phoneNumberId);
    return this.json<MediaInfo>(target, 'GET', url);
  }

  /** The bytes behind a URL from `retrieveMedia`; Meta requires the Bearer token here too (§6.3). */
  async downloadMedia(target: GraphTarget, url: string): Promise<MediaFile> {
    return this.fetchFile(url, target.accessToken);
  }

  /**
   * Any other Graph call by node path and edge (`{waba-id}/message_templates`), for
   * management requests composed in their own files (template-requests.ts), on the
   * same pool, timeouts, SSRF guard and error parsing as every call above.
   */
  async request<T>(
    target: GraphCredentials,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { query?: Record<string, string | number | undefined>; body?: unknown } = {},
  ): Promise<GraphExchange<T>> {
    const url = this.url(target, path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return this.json<T>(target, method, url, body, body === undefined ? undefined : 'application/json');
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private url(target: GraphCredentials, path: string): URL {
    const base = assertSafeUrl(target.graphBaseUrl, this.settings.allowPrivateUrls);
    const prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
    const segments = [target.apiVersion, ...path.split('/')].map(encodeURIComponent).join('/');
    return new URL(`${base.origin}${prefix}${segments}`);
  }

  private async json<T>(target: GraphCredentials, method: 'GET' | 'POST' | 'DELETE', url: URL, body?: string | FormData, contentType?: string): Promise<GraphExchange<T>> {
    const started = performance.now();
    const headers: Record<string, string> = { authorization: `Bearer ${target.accessToken}`, accept: 'application/json' };
    if (contentType) headers['content-type'] = contentType;
    const response = await this.call(url, { method, headers, body });
    const text = await readText(response.body);
    const durationMs = performance.now() - started;
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.statusCode >= 200 && response.statusCode < 300 && parsed !== undefined) return { status: response.statusCode, body: parsed as T, durationMs };
    throw parseGraphErrorEnvelope(response.statusCode, parsed) ?? new GraphResponseError(response.statusCode, text.slice(0, 512));
  }

  private async fetchFile(url: string, accessToken: string | undefined): Promise<MediaFile> {
    let current = assertSafeUrl(url, this.settings.allowPrivateUrls);
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
      const response = await this.call(current, { method: 'GET', headers });
      const location = response.headers['location'];
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string' && hop < MAX_REDIRECTS) {
        await response.body.dump();
        // Each hop is checked again: a redirect to an internal address is the classic way around an SSRF check.
        current = assertSafeUrl(new URL(location, current), this.settings.allowPrivateUrls);
        continue;
      }
      if (response.statusCode < 200 || response.statusCode >= 300) {
        const text = await readText(response.body);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        throw parseGraphErrorEnvelope(response.statusCode, parsed) ?? new GraphResponseError(response.statusCode, text.slice(0, 512));
      }
      const contentType = String(response.headers['content-type'] ?? 'application/octet-stream');
      const kind = mediaKindOf(contentType);
      const limit = kind?.maxBytes ?? MAX_MEDIA_BYTES;
      const bytes = await readBytes(response.body, limit, redactedUrl(current));
      const filename = decodeURIComponent(current.pathname.split('/').pop() ?? '') || undefined;
      return { bytes, mimeType: baseMimeType(contentType), filename };
    }
  }

  private async call(url: URL, options: { method: 'GET' | 'POST' | 'DELETE'; headers: Record<string, string>; body?: string | FormData }) {
    try {
      return await request(url, { ...options, dispatcher: this.agent });
    } catch (error) {
      throw translateTransportError(error, redactedUrl(url));
    }
  }
}

async function readText(body: Readable & { text(): Promise<string> }): Promise<string> {
  try {
    return await body.text();
  } catch (error) {
    throw translateTransportError(error, 'the response body');
  }
}

async function readBytes(body: Readable & { dump(): Promise<void> }, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > limit) {
        body.destroy();
        throw new GraphResponseError(413, `${what} is larger than ${limit} bytes, the most Meta accepts for this type`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof GraphResponseError) throw error;
    throw translateTransportError(error, what);
  }
  return Buffer.concat(chunks);
}

// undici and node error codes → our two kinds. Connect-phase failures cannot
// have reached Meta; anything later might have (the send may have been accepted).
const CONNECT_TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT']);
const RESPONSE_TIMEOUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export function translateTransportError(error: unknown, what: string): Error {
  const unsafe = findInCauses(error, (candidate) => candidate instanceof UnsafeUrlError);
  if (unsafe) return unsafe;
  if (error instanceof GraphApiError || error instanceof GraphResponseError || error instanceof GraphTransportError) return error;
  const code = findCode(error);
  if (code && CONNECT_TIMEOUT.has(code)) return new GraphTransportError('timeout', false, `connecting to ${what} timed out`, code);
  if (code && RESPONSE_TIMEOUT.has(code)) return new GraphTransportError('timeout', true, `no answer from ${what} in time`, code);
  if (code && NOT_CONNECTED.has(code)) return new GraphTransportError('network', false, `cannot connect to ${what} (${code})`, code);
  const message = error instanceof Error ? error.message : String(error);
  return new GraphTransportError('network', true, `the connection to ${what} failed: ${message}`, code);
}

function findCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function findInCauses(error: unknown, test: (candidate: unknown) => boolean): Error | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (test(current)) return current as Error;
  }
  return undefined;
}
