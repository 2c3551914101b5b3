import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { InvalidSendRequestError, WabusApiError, WabusHttpClient, WabusQueueClient } from '@wabus/client';
import { QueueName, redisOptionsFromUrl } from '@wabus/queues';
import { GatewayHarness, startGateway } from './gateway-harness';

describe('the SDK (libs/client) against the real gateway', () => {
  let gateway: GatewayHarness;
  let client: WabusHttpClient;
  let channelId: string;

  beforeAll(async () => {
    gateway = await startGateway();
    client = new WabusHttpClient({ baseUrl: gateway.url, apiKey: gateway.adminKey });
    const created = await gateway.api('POST', '/v1/channels', { name: 'sdk', phoneNumberId: `7${Date.now()}`, wabaId: '1234567', accessToken: 'token-12345678', appSecret: 'secret-12345678', verifyToken: 'verify-12345678' });
    channelId = created.json.id;
  });

  afterAll(async () => {
    await gateway.queues.queue(QueueName.Outbound).obliterate({ force: true }).catch(() => undefined);
    await gateway.queues.queue(QueueName.Records).obliterate({ force: true }).catch(() => undefined);
    await gateway?.close();
  });

  it('sends over HTTP with an idempotency key of its own, so a repeated call is one message', async () => {
    const request = { channelId, to: '+14155550100', type: 'text' as const, text: { body: 'order #42 is on its way' }, idempotencyKey: `order-42-${randomUUID()}` };
    const first = await client.sendMessage(request);
    const again = await client.sendMessage(request);
    expect(first).toEqual({ id: expect.any(String), status: 'queued' });
    expect(again.id).toBe(first.id);
  });

  it('refuses an invalid message before any request, naming the fields', async () => {
    const error = await client
      .sendMessage({ channelId, to: 'not a phone', type: 'image', image: { id: '1', link: 'https://example.com/a.png' } as unknown as { id: string } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidSendRequestError);
    expect((error as InvalidSendRequestError).problems.map((problem) => problem.field)).toEqual(expect.arrayContaining(['image', 'to']));
  });

  it("surfaces the API's error code", async () => {
    const error = await client.sendMessage({ channelId: randomUUID(), to: '+14155550100', type: 'text', text: { body: 'x' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WabusApiError);
    expect((error as WabusApiError).status).toBe(404);
  });

  it('sends straight onto the outbound queue with the same message id rule', async () => {
    const connection = new Redis(redisOptionsFromUrl(gateway.service.config.redisUrl));
    const queueClient = new WabusQueueClient({ connection, prefix: gateway.service.config.queuePrefix });
    try {
      const key = `queue-${randomUUID()}`;
      const viaQueue = await queueClient.sendMessage({ channelId, to: '+1 415 555 0100', type: 'text', text: { body: 'hi' }, idempotencyKey: key });
      const viaHttp = await client.sendMessage({ channelId, to: '+14155550100', type: 'text', text: { body: 'hi' }, idempotencyKey: key });
      expect(viaHttp.id).toBe(viaQueue.id);
      const job = await gateway.queues.queue(QueueName.Outbound).getJob(viaQueue.id);
      expect(job?.data).toMatchObject({ channelId, to: '+14155550100', type: 'text', payload: { body: 'hi' } });
    } finally {
      await queueClient.close();
      connection.disconnect();
    }
  });
});
