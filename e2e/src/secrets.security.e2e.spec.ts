import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { waitFor } from '@wabus/testing';
import { run, type RunningProcess } from './processes';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Secrets are write-only: after they are given to wabus, no API answer and no
 * log line (at the most verbose level) carries them. The built gateway runs as
 * a process so its real pino output is what is searched.
 */
describe('secrets never leave the gateway', () => {
  const apiKey = `wabus_test_${randomBytes(16).toString('hex')}`;
  const secrets = {
    accessToken: `EAAG-access-${randomUUID()}`,
    appSecret: `app-secret-${randomUUID()}`,
    verifyToken: `verify-token-${randomUUID()}`,
    rotatedAccessToken: `EAAG-rotated-${randomUUID()}`,
  };
  let gateway: RunningProcess;
  let url: string;
  const answers: Array<{ what: string; text: string }> = [];

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    answers.push({ what: `${method} ${path} → ${response.status}`, text: `${JSON.stringify([...response.headers])}\n${text}` });
    return { status: response.status, text };
  }

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    gateway = run('node', ['dist/apps/gateway/main.js'], {
      PORT: String(port),
      LOG_LEVEL: 'trace',
      LOG_PRETTY: 'false',
      WABUS_BOOTSTRAP_API_KEY: apiKey,
      WABUS_QUEUE_PREFIX: `${process.env.WABUS_QUEUE_PREFIX}-secrets`,
      WABUS_EMULATOR_URL: `http://127.0.0.1:${await freePort()}`,
    });
    await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok, 60_000, `gateway ready (${gateway.output().slice(-500)})`);
  }, 90_000);

  afterAll(async () => {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  });

  it('shows no access token, app secret, verify token, subscription secret or API key in any answer or log line', async () => {
    const created = await call('POST', '/v1/channels', {
      name: 'secrets test',
      phoneNumberId: `9${Date.now()}`,
      wabaId: `9${Date.now()}`,
      accessToken: secrets.accessToken,
      appSecret: secrets.appSecret,
      verifyToken: secrets.verifyToken,
      graphBaseUrl: `http://127.0.0.1:${await freePort()}`,
    });
    expect(created.status).toBe(201);
    const channelId = JSON.parse(created.text).id as string;
    expect((await call('GET', `/v1/channels/${channelId}`)).status).toBe(200);
    expect((await call('GET', '/v1/channels')).status).toBe(200);
    expect((await call('PATCH', `/v1/channels/${channelId}`, { accessToken: secrets.rotatedAccessToken, name: 'renamed' })).status).toBe(200);
    expect((await call('POST', `/v1/channels/${channelId}/verify`)).status).toBeLessThan(500);
    expect((await call('POST', '/v1/channels', { name: 'bad', phoneNumberId: 'x', wabaId: 'y', accessToken: secrets.accessToken, appSecret: 42 })).status).toBe(400);

    const subscription = await fetch(`${url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://hooks.example.com/wabus', events: ['message.received'], channelId }),
    });
    expect(subscription.status).toBe(201);
    const subscriptionSecret = ((await subscription.json()) as { secret: string }).secret;
    expect(subscriptionSecret).toMatch(/^whsec_/);
    expect((await call('GET', '/v1/subscriptions')).status).toBe(200);

    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const signature = `sha256=${createHmac('sha256', secrets.appSecret).update(body).digest('hex')}`;
    expect((await call('POST', `/webhooks/whatsapp/${channelId}`, body, { 'x-hub-signature-256': signature })).status).toBe(200);
    expect((await call('POST', `/webhooks/whatsapp/${channelId}`, body, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await call('GET', `/webhooks/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
    expect((await call('GET', '/v1/messages?limit=5')).status).toBe(200);

    // Let the last log lines reach the pipe.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logs = gateway.output();
    expect(logs.length).toBeGreaterThan(0);
    const wanted = { ...secrets, subscriptionSecret, apiKey };
    const leaks = Object.entries(wanted).flatMap(([name, value]) => [
      ...answers.filter((answer) => answer.text.includes(value)).map((answer) => `${name} in ${answer.what}`),
      ...(logs.includes(value) ? [`${name} in the logs`] : []),
    ]);
    expect(leaks).toEqual([]);
  }, 60_000);
});
