import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphClient, GraphTarget } from './graph-client';
import { GraphApiError, GraphResponseError, GraphTransportError, UnsafeUrlError } from './graph-errors';

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

describe('GraphClient', () => {
  let server: Server;
  let handler: Handler;
  let base: string;
  const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: Buffer }> = [];
  const client = new GraphClient({ allowPrivateUrls: true, responseTimeoutMs: 300 });

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: request.method, url: request.url, headers: request.headers, body });
        handler(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  const target = (): GraphTarget => ({ graphBaseUrl: base, apiVersion: 'v23.0', phoneNumberId: '106540352242922', accessToken: 'token-abc' });
  const json = (status: number, body: unknown) => (_request: IncomingMessage, _body: Buffer, response: ServerResponse) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  it('posts the message to /{version}/{phone-number-id}/messages with the bearer token and returns the parsed answer', async () => {
    const answer = { messaging_product: 'whatsapp', contacts: [{ input: '+16505551234', wa_id: '16505551234' }], messages: [{ id: 'wamid.1' }] };
    handler = json(200, answer);
    const exchange = await client.sendMessage(target(), { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'hi' } });
    expect(exchange.status).toBe(200);
    expect(exchange.body).toEqual(answer);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v23.0/106540352242922/messages' });
    expect(seen[0].headers.authorization).toBe('Bearer token-abc');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body.toString())).toEqual({ messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'hi' } });
  });

  it("throws Meta's error envelope as a GraphApiError", async () => {
    handler = json(400, { error: { message: '(#131056) (Business Account, Consumer Account) pair rate limit hit', type: 'OAuthException', code: 131056, fbtrace_id: 'x' } });
    const failure = client.sendMessage(target(), { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.1' });
    await expect(failure).rejects.toBeInstanceOf(GraphApiError);
    await expect(client.sendMessage(target(), { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.1' })).rejects.toMatchObject({
      code: 131056,
      httpStatus: 400,
    });
  });

  it('throws a GraphResponseError for an answer without the envelope', async () => {
    handler = (_request, _body, response) => response.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
    await expect(client.getPhoneNumber(target())).rejects.toEqual(new GraphResponseError(502, '<html>bad gateway</html>'));
  });

  it('reports a request that gets no answer as a timeout that may have reached Meta', async () => {
    handler = () => undefined;
    const error = await client.sendMessage(target(), { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(error).toMatchObject({ kind: 'timeout', mayHaveReached: true });
  });

  it('reports a refused connection as a network error that never reached Meta', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await client.getPhoneNumber({ ...target(), graphBaseUrl: `http://127.0.0.1:${port}` }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'GraphTransportError', kind: 'network', mayHaveReached: false, causeCode: 'ECONNREFUSED' });
  });

  it('asks for the phone number with the fields wanted', async () => {
    handler = json(200, { id: '106540352242922', verified_name: 'wabus demo', throughput: { level: 'STANDARD' } });
    const exchange = await client.getPhoneNumber(target(), ['verified_name', 'throughput']);
    expect(exchange.body.throughput).toEqual({ level: 'STANDARD' });
    expect(seen[0].url).toBe('/v23.0/106540352242922?fields=verified_name%2Cthroughput');
  });

  it('uploads media as multipart with messaging_product, type and file', async () => {
    handler = json(200, { id: '1037543291543636' });
    const exchange = await client.uploadMedia(target(), { bytes: Buffer.from('%PDF-1.4 test'), mimeType: 'application/pdf', filename: 'invoice.pdf' });
    expect(exchange.body).toEqual({ id: '1037543291543636' });
    expect(seen[0].url).toBe('/v23.0/106540352242922/media');
    expect(seen[0].headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = seen[0].body.toString();
    expect(form).toContain('name="messaging_product"\r\n\r\nwhatsapp');
    expect(form).toContain('name="type"\r\n\r\napplication/pdf');
    expect(form).toMatch(/name="file"; filename="invoice.pdf"\r\nContent-Type: application\/pdf\r\n\r\n%PDF-1.4 test/);
  });

  it('uploads from a URL after following a redirect, keeping the content type', async () => {
    handler = (request, _body, response) => {
      if (request.url === '/files/start') return response.writeHead(302, { location: '/files/photo.png' }).end();
      if (request.url === '/files/photo.png') return response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([137, 80, 78, 71]));
      return json(200, { id: 'm-1' })(request, _body, response);
    };
    const exchange = await client.uploadMediaFromUrl(target(), `${base}/files/start`);
    expect(exchange.body).toEqual({ id: 'm-1' });
    expect(seen.map((request) => request.url)).toEqual(['/files/start', '/files/photo.png', '/v23.0/106540352242922/media']);
    expect(seen[2].body.toString('latin1')).toContain('filename="photo.png"\r\nContent-Type: image/png');
  });

  it('retrieves a media URL for this number and downloads it with the token', async () => {
    handler = (request, _body, response) => {
      if (request.url?.startsWith('/v23.0/555')) {
        return json(200, { messaging_product: 'whatsapp', url: `${base}/_media/555?hash=h`, mime_type: 'image/jpeg', sha256: 's', file_size: '3', id: '555' })(request, _body, response);
      }
      return response.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.from([1, 2, 3]));
    };
    const info = await client.retrieveMedia(target(), '555');
    expect(seen[0].url).toBe('/v23.0/555?phone_number_id=106540352242922');
    const file = await client.downloadMedia(target(), info.body.url);
    expect(file).toMatchObject({ mimeType: 'image/jpeg', bytes: Buffer.from([1, 2, 3]) });
    expect(seen[1].headers.authorization).toBe('Bearer token-abc');
  });

  describe('when private URLs are not allowed', () => {
    const guarded = new GraphClient({ allowPrivateUrls: false });
    afterAll(() => guarded.close());

    it('refuses a Graph base URL on loopback before sending the token anywhere', async () => {
      await expect(guarded.getPhoneNumber(target())).rejects.toBeInstanceOf(UnsafeUrlError);
      expect(seen).toHaveLength(0);
    });

    it('refuses a host name that resolves to loopback, at connect time', async () => {
      const error = await guarded.getPhoneNumber({ ...target(), graphBaseUrl: base.replace('127.0.0.1', 'localhost') }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnsafeUrlError);
      expect((error as UnsafeUrlError).addressKind).toBe('loopback');
      expect(seen).toHaveLength(0);
    });
  });
});
