import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity, generateApiKey } from '@wabus/persistence';
import Redis from 'ioredis';
import { Notification, QueueName, redisOptionsFromUrl } from '@wabus/queues';
import { Notifications } from '@wabus/service';
import { GatewayHarness, startGateway } from '../test/gateway-harness';

jest.setTimeout(30_000);

/** Reads server-sent events from a fetch body until `until` accepts what arrived. */
async function readStream(body: ReadableStream<Uint8Array>, until: (text: string) => boolean): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!until(text)) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

describe('gateway: the routes the console needs (/v1/me, /v1/stream, /v1/queues)', () => {
  let gateway: GatewayHarness;
  let channelId: string;

  async function keyWith(scopes: Array<'admin' | 'send' | 'read'>, channelIds: string[] | null = null): Promise<string> {
    const generated = generateApiKey();
    await gateway.service.app
      .get(DataSource)
      .getRepository(ApiKeyEntity)
      .insert({ name: `console ${scopes.join('+')}`, prefix: generated.prefix, keyHash: generated.hash, scopes, channelIds });
    return generated.key;
  }

  beforeAll(async () => {
    gateway = await startGateway();
    const created = await gateway.api('POST', '/v1/channels', {
      name: 'console test',
      phoneNumberId: `6${Date.now()}`,
      wabaId: '776655',
      accessToken: `token-${randomUUID()}`,
      appSecret: `secret-${randomUUID()}`,
      verifyToken: `verify-${randomUUID()}`,
    });
    channelId = created.json.id;
  });

  afterAll(async () => {
    await gateway?.queues.queue(QueueName.TemplateSync).obliterate({ force: true }).catch(() => undefined);
    await gateway?.close();
  });

  it('tells a key its own scopes and channels', async () => {
    expect((await gateway.api('GET', '/v1/me')).json).toMatchObject({ scopes: ['admin'], channelIds: null, keyId: expect.any(String) });
    const readOnly = await keyWith(['read'], [channelId]);
    expect((await gateway.api('GET', '/v1/me', undefined, readOnly)).json).toMatchObject({ scopes: ['read'], channelIds: [channelId], name: 'console read' });
  });

  it('refuses /v1/me to a key without read, naming the scopes it has', async () => {
    const sendOnly = await keyWith(['send']);
    const answer = await gateway.api('GET', '/v1/me', undefined, sendOnly);
    expect(answer.status).toBe(403);
    expect(answer.json.error.details).toMatchObject({ requiredScope: 'read', scopes: ['send'] });
    expect((await gateway.api('GET', '/v1/me', undefined, 'wabus_not_a_key')).status).toBe(401);
  });

  it('counts the jobs waiting in every queue, for admins only', async () => {
    await gateway.api('POST', `/v1/channels/${channelId}/templates/sync`);
    const answer = await gateway.api('GET', '/v1/queues');
    expect(answer.status).toBe(200);
    expect(answer.json.data.map((row: { queue: string }) => row.queue).sort()).toEqual(Object.values(QueueName).sort());
    const sync = answer.json.data.find((row: { queue: string }) => row.queue === QueueName.TemplateSync);
    expect(sync.waiting + sync.prioritized + sync.delayed).toBeGreaterThan(0);
    expect((await gateway.api('GET', '/v1/queues', undefined, await keyWith(['read']))).status).toBe(403);
  });

  it("streams message changes as server-sent events, only of the key's channels", async () => {
    const otherChannelId = randomUUID();
    const key = await keyWith(['read'], [channelId]);
    const abort = new AbortController();
    const response = await fetch(`${gateway.url}/v1/stream`, { headers: { authorization: `Bearer ${key}` }, signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = response.body as ReadableStream<Uint8Array>;
    await readStream(body, (text) => text.includes(': connected'));

    const notifications = gateway.service.app.get(Notifications);
    const hidden = { messageId: randomUUID(), conversationId: null, channelId: otherChannelId, status: 'received' };
    const shown = { messageId: randomUUID(), conversationId: randomUUID(), channelId, status: 'read' };
    // Another installation on the same Redis (another queue prefix) publishes on the same channel name.
    const foreign = { messageId: randomUUID(), conversationId: randomUUID(), channelId, status: 'read' };
    const redis = new Redis(redisOptionsFromUrl(gateway.service.config.redisUrl));
    for (const scope of [`${gateway.service.config.queuePrefix}-other`, undefined]) {
      await redis.publish(Notification.MessagesChanged, JSON.stringify({ pattern: Notification.MessagesChanged, data: { changes: [foreign], scope } }));
    }
    await redis.quit();
    notifications.publish(Notification.MessagesChanged, { changes: [hidden, shown] });

    const text = await readStream(body, (received) => received.includes(shown.messageId));
    abort.abort();
    expect(text).toContain(`event: message\ndata: ${JSON.stringify(shown)}\n\n`);
    expect(text).not.toContain(hidden.messageId);
    expect(text).not.toContain(foreign.messageId);
  });

  it('refuses the stream without a key', async () => {
    expect((await fetch(`${gateway.url}/v1/stream`)).status).toBe(401);
  });

  it('ends open streams when the gateway stops, so shutdown does not wait for them', async () => {
    const second = await startGateway();
    const response = await fetch(`${second.url}/v1/stream`, { headers: { authorization: `Bearer ${second.adminKey}` } });
    const body = response.body as ReadableStream<Uint8Array>;
    await readStream(body, (text) => text.includes(': connected'));
    // Reads until the server ends the stream; it would hang (and time out) otherwise.
    const rest = readStream(body, () => false);
    await second.close();
    // Resolves once the server has ended the stream (other suites' notifications may arrive before that).
    await expect(rest).resolves.toEqual(expect.any(String));
  });
});
