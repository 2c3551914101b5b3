import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One request as the proxy saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

export interface Fault {
  /** Which requests it hits. */
  match: (request: SeenRequest) => boolean;
  /** How many of them, then it is spent. */
  times: number;
  status: number;
  body: unknown;
}

/**
 * A proxy between template-sync and the emulator that can fail chosen Graph
 * calls (the emulator injects faults on sends only) and slow every answer,
 * and that keeps a log of what was asked, so a test sees which pages were
 * read and how often.
 */
export class GraphFaultProxy {
  readonly requests: SeenRequest[] = [];
  private readonly faults: Fault[] = [];
  /** Added before each listing answer, to hold a pass open while a test acts. */
  listingDelayMs = 0;

  private readonly server: Server;
  private target = '';
  url = '';

  private constructor() {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  static async start(target: string): Promise<GraphFaultProxy> {
    const proxy = new GraphFaultProxy();
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    proxy.target = target;
    return proxy;
  }

  fail(fault: Fault): void {
    this.faults.push(fault);
  }

  /** A Graph 503 with code 2 (temporary downtime), as Meta answers it. */
  static serviceUnavailable(): Pick<Fault, 'status' | 'body'> {
    return { status: 503, body: { error: { message: '(#2) Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: 'AfaultProxy' } } };
  }

  /** Meta's WABA rate limit on management calls (§8.5). */
  static rateLimited(): Pick<Fault, 'status' | 'body'> {
    return { status: 400, body: { error: { message: '(#80007) There have been too many calls to this WhatsApp Business account.', type: 'OAuthException', code: 80007, fbtrace_id: 'AfaultProxy' } } };
  }

  /** Listing requests for a WABA (every page). */
  listings(wabaId: string): SeenRequest[] {
    return this.requests.filter((request) => request.method === 'GET' && request.path.endsWith(`/${wabaId}/message_templates`));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const seen: SeenRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams };
    this.requests.push(seen);
    const body = await readBody(request);
    if (seen.method === 'GET' && seen.path.endsWith('/message_templates') && this.listingDelayMs > 0) await sleep(this.listingDelayMs);
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.match(seen));
    if (fault) {
      fault.times--;
      response.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify(fault.body));
      return;
    }
    try {
      const upstream = await fetch(`${this.target}${request.url ?? '/'}`, {
        method: seen.method,
        headers: { ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}), ...(body.length > 0 ? { 'content-type': 'application/json' } : {}) },
        body: body.length > 0 ? body : undefined,
      });
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      response.writeHead(502).end();
    }
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
