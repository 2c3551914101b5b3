import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error';

/** Answers one request; `parameter` is the single path segment after the route's prefix. */
export type RawRouteHandler = (request: IncomingMessage, response: ServerResponse, parameter: string) => void;

/** Called once per answered request, for the HTTP duration metric. */
export type RawResponseObserver = (method: string, route: string, status: number, seconds: number) => void;

interface RawRoute {
  method: string;
  prefix: string;
  /** The route as the metrics name it, e.g. `/webhooks/whatsapp/:channelId`. */
  pattern: string;
  handler: RawRouteHandler;
}

/**
 * Routes answered by the HTTP server before Fastify and Nest see the request:
 * for the one hot path where their per-request work (routing hooks, the
 * content-type parser's async resource, middleware, reply serialisation)
 * costs more than the work itself — Meta's webhook deliveries. Everything
 * else, including any request these routes do not match exactly, goes to
 * Fastify as usual.
 *
 * A route is a fixed prefix plus one path segment (`/webhooks/whatsapp/<id>`,
 * query string allowed). While the service closes, matching requests get 503
 * with `connection: close`, as Fastify's `return503OnClosing` does.
 */
export class RawHttpRoutes {
  private readonly routes: RawRoute[] = [];
  private closing = false;

  constructor(private readonly observe: RawResponseObserver) {}

  add(method: 'POST' | 'PUT', pattern: string, handler: RawRouteHandler): void {
    const prefix = pattern.slice(0, pattern.lastIndexOf('/') + 1);
    if (!pattern.slice(prefix.length).startsWith(':')) throw new Error(`raw route ${pattern} must end with one :parameter segment`);
    this.routes.push({ method, prefix, pattern, handler });
  }

  /** Stops taking requests on these routes (the service is shutting down). */
  close(): void {
    this.closing = true;
  }

  /** Answers the request if a raw route matches it; false hands it to Fastify. */
  dispatch(request: IncomingMessage, response: ServerResponse): boolean {
    if (this.routes.length === 0) return false;
    const url = request.url ?? '';
    for (const route of this.routes) {
      if (request.method !== route.method || !url.startsWith(route.prefix)) continue;
      const parameter = segmentAfter(url, route.prefix.length);
      if (parameter === undefined) return false;
      this.answer(route, request, response, parameter);
      return true;
    }
    return false;
  }

  private answer(route: RawRoute, request: IncomingMessage, response: ServerResponse, parameter: string): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => this.observe(route.method, route.pattern, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    if (this.closing) {
      response.writeHead(503, { 'content-type': 'application/json', connection: 'close' }).end('{"error":{"code":"service_closing","message":"The service is shutting down; retry."}}');
      return;
    }
    route.handler(request, response, parameter);
  }
}

/** The one non-empty path segment after `from`, decoded; undefined when there is none or more than one. */
function segmentAfter(url: string, from: number): string | undefined {
  const queryAt = url.indexOf('?', from);
  const segment = queryAt === -1 ? url.slice(from) : url.slice(from, queryAt);
  if (segment.length === 0 || segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The request body as bytes, refusing more than `limitBytes` (413) — by the
 * declared Content-Length before reading anything, and by counting otherwise.
 */
export function readRequestBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const tooLarge = () => new ApiError(413, 'payload_too_large', `The body is larger than ${limitBytes} bytes.`, { limitBytes });
    const declared = Number(request.headers['content-length']);
    if (declared > limitBytes) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limitBytes) {
        request.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length)));
    request.once('error', reject);
  });
}
