import { createHmac, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { QueueName } from '@wabus/queues';
import { GatewayHarness, startGateway } from './gateway-harness';

const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
const sign = (secret: string, body: string | Buffer) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('gateway: Meta webhook ingress', () => {
  let gateway: GatewayHarness;
  let channelId: string;
  const appSecret = `secret-${randomUUID()}`;
  const verifyToken = `verify-${randomUUID()}`;

  beforeAll(async () => {
    gateway = await startGateway();
    const created = await gateway.api('POST', '/v1/channels', {
      name: 'ingress test',
      phoneNumberId: `1${Date.now()}`,
      wabaId: `2${Date.now()}`,
      accessToken: `token-${randomUUID()}`,
      appSecret,
      verifyToken,
    });
    expect(created.status).toBe(201);
    channelId = created.json.id;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const deliver = (body: string | Buffer, headers: Record<string, string>, id = channelId) =>
    fetch(`${gateway.url}/webhooks/whatsapp/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  const envelope = (text: string) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', messages: [{ from: '15551234567', id: `wamid.${randomUUID()}`, type: 'text', text: { body: text } }] } }] }],
    });

  it('echoes hub.challenge as plain text when the verify token matches', async () => {
    const response = await fetch(`${gateway.url}/webhooks/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('1158201444');
  });

  it.each([
    ['a wrong token', `hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`],
    ['a wrong mode', `hub.mode=unsubscribe&hub.verify_token=${'$TOKEN'}&hub.challenge=1`],
    ['no challenge', `hub.mode=subscribe&hub.verify_token=${'$TOKEN'}`],
  ])('refuses verification with 403 on %s', async (_, query) => {
    const response = await fetch(`${gateway.url}/webhooks/whatsapp/${channelId}?${query.replace('$TOKEN', verifyToken)}`);
    expect(response.status).toBe(403);
    expect((await errorCode(response))).toBe('verification_failed');
  });

  it('queues a genuine delivery and answers 200; the same body again collapses into the same job', async () => {
    const before = await gateway.inboundJobCount();
    const body = envelope('hello');
    const first = await deliver(body, { 'x-hub-signature-256': sign(appSecret, body) });
    const again = await deliver(body, { 'x-hub-signature-256': sign(appSecret, body) });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await gateway.inboundJobCount()).toBe(before + 1);
    const [job] = await gateway.queues.queue(QueueName.Inbound).getJobs(['waiting']);
    expect(job.data).toMatchObject({ v: 1, channelId, body });
  });

  it('queues each of many deliveries arriving at once exactly once (they share one bulk add), a repeated body among them', async () => {
    const before = await gateway.inboundJobCount();
    const bodies = Array.from({ length: 40 }, (_, index) => envelope(`burst ${index}`));
    const sent = [...bodies, bodies[0]];
    // Pipelined on one connection in one write, so the requests reach the gateway in the same turn of its event loop.
    const statuses = await pipelined(
      gateway.url,
      sent.map((body) => ({ path: `/webhooks/whatsapp/${channelId}`, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(appSecret, body) }, body })),
    );
    expect(statuses).toEqual(sent.map(() => 200));
    expect(await gateway.inboundJobCount()).toBe(before + bodies.length);
    const queued = await gateway.queues.queue(QueueName.Inbound).getJobs(['waiting'], 0, -1);
    const queuedBodies = new Set(queued.map((job) => (job.data as { body: string }).body));
    expect(bodies.filter((body) => !queuedBodies.has(body))).toEqual([]);
  });

  it('checks the signature over the raw bytes, non-ASCII escapes included', async () => {
    const body = '{"object":"whatsapp_business_account","entry":[],"note":"caf\\u00e9 \\ud83d\\ude00"}';
    const response = await deliver(body, { 'x-hub-signature-256': sign(appSecret, body) });
    expect(response.status).toBe(200);
  });

  const tampered = (body: string) => body.replace('hello', 'hellO');
  it.each([
    ['a wrong secret', (body: string) => ({ body, headers: { 'x-hub-signature-256': sign('wrong', body) } }), 'invalid_signature'],
    ['a tampered byte', (body: string) => ({ body: tampered(body), headers: { 'x-hub-signature-256': sign(appSecret, body) } }), 'invalid_signature'],
    ['no signature header', (body: string) => ({ body, headers: {} as Record<string, string> }), 'missing_signature'],
    ['a sha1 prefix', (body: string) => ({ body, headers: { 'x-hub-signature-256': sign(appSecret, body).replace('sha256=', 'sha1=') } }), 'invalid_signature'],
    ['a truncated signature', (body: string) => ({ body, headers: { 'x-hub-signature-256': sign(appSecret, body).slice(0, 40) } }), 'invalid_signature'],
  ])('answers 401 and queues nothing for %s', async (_, make, code) => {
    const before = await gateway.inboundJobCount();
    const { body, headers } = make(envelope('hello'));
    const response = await deliver(body, headers);
    expect(response.status).toBe(401);
    expect((await errorCode(response))).toBe(code);
    expect(await gateway.inboundJobCount()).toBe(before);
  });

  it('answers 401 for an empty body', async () => {
    const response = await fetch(`${gateway.url}/webhooks/whatsapp/${channelId}`, { method: 'POST', headers: { 'x-hub-signature-256': sign(appSecret, '') } });
    expect(response.status).toBe(401);
  });

  it('answers 400 for malformed JSON and queues nothing', async () => {
    const before = await gateway.inboundJobCount();
    const body = '{"object": "whatsapp_business_account", ';
    const response = await deliver(body, { 'x-hub-signature-256': sign(appSecret, body) });
    expect(response.status).toBe(400);
    expect((await errorCode(response))).toBe('malformed_json');
    expect(await gateway.inboundJobCount()).toBe(before);
  });

  it('accepts a 3 MB delivery and refuses a larger-than-limit one with 413', async () => {
    const big = JSON.stringify({ object: 'whatsapp_business_account', entry: [], padding: 'x'.repeat(3 * 1024 * 1024) });
    expect((await deliver(big, { 'x-hub-signature-256': sign(appSecret, big) })).status).toBe(200);
    const huge = JSON.stringify({ object: 'whatsapp_business_account', entry: [], padding: 'x'.repeat(5 * 1024 * 1024) });
    const response = await deliver(huge, { 'x-hub-signature-256': sign(appSecret, huge) });
    expect(response.status).toBe(413);
    expect((await errorCode(response))).toBe('payload_too_large');
  });

  it('answers 404 for an unknown or malformed channel id', async () => {
    const body = envelope('x');
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await deliver(body, { 'x-hub-signature-256': sign(appSecret, body) }, id);
      expect(response.status).toBe(404);
      expect((await errorCode(response))).toBe('unknown_channel');
    }
  });

  it('stops accepting deliveries for a deactivated channel at once (cache invalidated)', async () => {
    const created = await gateway.api('POST', '/v1/channels', {
      name: 'soon inactive',
      phoneNumberId: `3${Date.now()}`,
      wabaId: '42424242',
      accessToken: 'token-12345678',
      appSecret,
      verifyToken,
    });
    const body = envelope('before');
    expect((await deliver(body, { 'x-hub-signature-256': sign(appSecret, body) }, created.json.id)).status).toBe(200);
    expect((await gateway.api('PATCH', `/v1/channels/${created.json.id}`, { active: false })).status).toBe(200);
    const later = envelope('after');
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await deliver(later, { 'x-hub-signature-256': sign(appSecret, later) }, created.json.id)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(404);
  });
});

/** POSTs the requests pipelined on one connection in a single write; resolves to the status of each answer, in order. */
function pipelined(url: string, requests: { path: string; headers: Record<string, string>; body: string }[]): Promise<number[]> {
  const { hostname, port } = new URL(url);
  const wire = requests
    .map(({ path, headers, body }) => {
      const lines = Object.entries({ ...headers, host: `${hostname}:${port}`, 'content-length': String(Buffer.byteLength(body)) }).map(([name, value]) => `${name}: ${value}`);
      return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
    })
    .join('');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(wire));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
      if (statuses.length === requests.length) {
        socket.destroy();
        resolve(statuses);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`the connection closed after ${received.length} bytes`)));
  });
}
