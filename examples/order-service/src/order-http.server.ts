import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { NewOrder, OrderService } from './order-service';

/**
 * The service's HTTP face: POST /orders, GET /orders/:id, and the endpoint
 * wabus calls back, POST /wabus/callback (read as raw bytes: the signature is
 * over exactly what was sent).
 */
export function createOrderHttpServer(service: OrderService): Server {
  return createServer((request, response) => {
    void route(service, request, response).catch((error: unknown) => send(response, 500, { error: error instanceof Error ? error.message : String(error) }));
  });
}

async function route(service: OrderService, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://local');
  const body = await readBody(request);
  if (request.method === 'POST' && url.pathname === '/wabus/callback') {
    const answer = service.handleCallback(body, request.headers);
    return send(response, answer.status, answer.body);
  }
  if (request.method === 'POST' && url.pathname === '/orders') {
    return send(response, 201, await service.createOrder(JSON.parse(body) as NewOrder));
  }
  const match = /^\/orders\/([^/]+)$/.exec(url.pathname);
  if (request.method === 'GET' && match) {
    const order = service.order(decodeURIComponent(match[1]));
    return order ? send(response, 200, order) : send(response, 404, { error: 'no such order' });
  }
  send(response, 404, { error: 'not found' });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
