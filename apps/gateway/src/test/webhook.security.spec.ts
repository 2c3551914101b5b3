import { createHmac, randomUUID } from 'node:crypto';
import net from 'node:net';
import fc from 'fast-check';
import { GatewayHarness, startGateway } from './gateway-harness';

/**
 * The webhook route is open to the internet. Forged signatures queue nothing,
 * replays collapse into the job already queued, hostile bodies get a clear
 * 4xx (never a crash), and nothing from the request is reflected into a
 * response header.
 */

const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** One raw HTTP/1.1 exchange, so header bytes go out exactly as written. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('gateway webhook route: forged, replayed and hostile deliveries', () => {
  let gateway: GatewayHarness;
  let channelId: string;
  let port: number;
  const appSecret = `secret-${randomUUID()}`;
  const verifyToken = `verify-${randomUUID()}`;
  const envelope = (text: string) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1' }, messages: [{ from: '15551234567', id: `wamid.${randomUUID()}`, type: 'text', text: { body: text } }] } }] }],
    });
  const deliver = (body: string, headers: Record<string, string>) =>
    fetch(`${gateway.url}/webhooks/whatsapp/${channelId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    gateway = await startGateway();
    port = Number(new URL(gateway.url).port);
    const created = await gateway.api('POST', '/v1/channels', { name: 'webhook security', phoneNumberId: `5${Date.now()}`, wabaId: `6${Date.now()}`, accessToken: `token-${randomUUID()}`, appSecret, verifyToken });
    expect(created.status).toBe(201);
    channelId = created.json.id;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('answers 401 and queues nothing for any forged signature header', async () => {
    const before = await gateway.inboundJobCount();
    const body = envelope('forged');
    const forged = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.stringMatching(/^sha256=[0-9a-f]{64}$/),
      fc.constant(sign(appSecret, body).toUpperCase()),
      fc.constant(`${sign(appSecret, body)},${sign(appSecret, body)}`),
      fc.constant(sign(appSecret, `${body} `)),
    );
    for (const signature of fc.sample(forged, { numRuns: 60, seed: 7 })) {
      const response = await deliver(body, signature === '' ? {} : { 'x-hub-signature-256': signature });
      expect({ signature, status: response.status }).toEqual({ signature, status: 401 });
    }
    expect(await gateway.inboundJobCount()).toBe(before);
  });

  it('collapses a replayed delivery (same body, valid signature) into the one job already queued', async () => {
    const before = await gateway.inboundJobCount();
    const body = envelope('replayed');
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await deliver(body, { 'x-hub-signature-256': sign(appSecret, body) })).status).toBe(200);
    expect(await gateway.inboundJobCount()).toBe(before + 1);
  });

  it('answers deeply nested JSON with 200 or 400, never 5xx, and keeps serving', async () => {
    for (const depth of [1_000, 100_000]) {
      const body = `{"object":"whatsapp_business_account","entry":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const response = await deliver(body, { 'x-hub-signature-256': sign(appSecret, body) });
      expect([200, 400]).toContain(response.status);
    }
    const unbalanced = `{"entry":${'['.repeat(50_000)}`;
    expect((await deliver(unbalanced, { 'x-hub-signature-256': sign(appSecret, unbalanced) })).status).toBe(400);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it('refuses a body over the limit with 413 before reading it all', async () => {
    const huge = `{"object":"whatsapp_business_account","entry":[],"padding":"${'x'.repeat(6 * 1024 * 1024)}"}`;
    const response = await deliver(huge, { 'x-hub-signature-256': sign(appSecret, huge) });
    expect(response.status).toBe(413);
  });

  it('never reflects CR/LF from the query or the path into response headers', async () => {
    const injected = '%0d%0aSet-Cookie:%20pwned=1%0d%0aX-Injected:%201';
    const verification = await rawRequest(port, `GET /webhooks/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1${injected} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const path = await rawRequest(port, `GET /webhooks/whatsapp/${injected}?hub.mode=subscribe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    for (const answer of [verification, path]) {
      const head = answer.split('\r\n\r\n')[0];
      expect(head).toMatch(/^HTTP\/1\.1 [234]\d\d/);
      expect(head).not.toMatch(/^set-cookie:|^x-injected:/im);
    }
  });

  it('refuses a header value carrying a bare CR or LF at the HTTP parser', async () => {
    const body = envelope('crlf');
    const answer = await rawRequest(
      port,
      `POST /webhooks/whatsapp/${channelId} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Hub-Signature-256: ${sign(appSecret, body)}\rX-Evil: 1\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
  });
});
