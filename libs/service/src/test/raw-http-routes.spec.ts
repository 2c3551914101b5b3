import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api-error';
import { RawHttpRoutes, readRequestBody } from '../raw-http-routes';

describe('RawHttpRoutes', () => {
  const observed: Array<[string, string, number]> = [];
  const routes = new RawHttpRoutes((method, route, status) => observed.push([method, route, status]));
  let server: Server;
  let url: string;

  beforeAll(async () => {
    routes.add('POST', '/hooks/:id', (request, response, id) => {
      readRequestBody(request, 16).then(
        (body) => response.writeHead(200).end(`${id}:${body.toString()}`),
        (error: ApiError) => response.writeHead(error.status, { connection: 'close' }).end(error.code),
      );
    });
    server = createServer((request, response) => routes.dispatch(request, response) || response.writeHead(404).end('framework'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const post = async (path: string, body: string | ReadableStream<Uint8Array>) => {
    const response = await fetch(url + path, { method: 'POST', body, duplex: 'half' } as RequestInit);
    return [response.status, await response.text()] as const;
  };

  it('answers a matching request with the decoded parameter and its body', async () => {
    expect(await post('/hooks/a%20b?x=1', 'hello')).toEqual([200, 'a b:hello']);
    expect(observed).toContainEqual(['POST', '/hooks/:id', 200]);
  });

  it('hands everything else to the framework: other methods, paths, empty or nested segments', async () => {
    expect(await post('/hooks/', 'x')).toEqual([404, 'framework']);
    expect(await post('/hooks/a/b', 'x')).toEqual([404, 'framework']);
    expect(await post('/hooks/%E0%A4%A', 'x')).toEqual([404, 'framework']);
    expect(await post('/other/a', 'x')).toEqual([404, 'framework']);
    expect((await fetch(`${url}/hooks/a`)).status).toBe(404);
  });

  it('refuses bodies over the limit, declared or streamed without a length', async () => {
    expect(await post('/hooks/a', 'x'.repeat(17))).toEqual([413, 'payload_too_large']);
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i += 1) controller.enqueue(new TextEncoder().encode('0123456789'));
        controller.close();
      },
    });
    expect(await post('/hooks/a', chunked)).toEqual([413, 'payload_too_large']);
  });

  it('answers 503 with connection: close once closing', async () => {
    routes.close();
    const response = await fetch(`${url}/hooks/a`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(503);
    expect(response.headers.get('connection')).toBe('close');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('service_closing');
  });

  it('refuses a route without a trailing :parameter', () => {
    expect(() => routes.add('POST', '/hooks/fixed', () => undefined)).toThrow(/:parameter/);
  });
});
