import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretBox } from '@wabus/persistence';
import { QueueName } from '@wabus/queues';
import { GatewayHarness, startGateway } from '../test/gateway-harness';

jest.setTimeout(30_000);

describe('gateway: /v1/subscriptions', () => {
  let gateway: GatewayHarness;
  let channelId: string;

  beforeAll(async () => {
    gateway = await startGateway();
    const created = await gateway.api('POST', '/v1/channels', {
      name: 'subscriptions',
      phoneNumberId: `9${Date.now()}`,
      wabaId: '777003',
      accessToken: `token-${randomUUID()}`,
      appSecret: `secret-${randomUUID()}`,
      verifyToken: `verify-${randomUUID()}`,
    });
    channelId = created.json.id;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const subscribe = () => gateway.api('POST', '/v1/subscriptions', { url: 'https://orders.example.com/wabus', events: ['message.received', 'approval.decided'], channelId });

  it('shows the signing secret once, stores it sealed, and never returns it again', async () => {
    const created = await subscribe();
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.any(String),
      url: 'https://orders.example.com/wabus',
      events: ['message.received', 'approval.decided'],
      channelId,
      active: true,
      hasSecret: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const { secret, ...withoutSecret } = created.json;
    const answers = [await gateway.api('GET', `/v1/subscriptions/${created.json.id}`), await gateway.api('GET', '/v1/subscriptions')];
    for (const answer of answers) expect(answer.text).not.toContain(secret);
    expect(answers[0].json).toEqual(withoutSecret);
    const [row] = await gateway.service.app.get(DataSource).query('SELECT secret::text AS stored, secret FROM event_subscriptions WHERE id = $1', [created.json.id]);
    expect(row.stored).not.toContain(secret);
    expect(gateway.service.app.get(SecretBox).open(row.secret)).toBe(secret);
  });

  it.each([
    ['an unknown event', { events: ['order.created'] }, ['events']],
    ['no events', { events: [] }, ['events']],
    ['a URL that is not http(s)', { url: 'javascript:alert(1)' }, ['url']],
    ['an unknown field', { secret: 'mine' }, ['secret']],
  ])('refuses %s', async (_label, change, fields) => {
    const answer = await gateway.api('POST', '/v1/subscriptions', { url: 'https://orders.example.com/wabus', events: ['message.received'], ...change });
    expect(answer.status).toBe(400);
    expect(answer.json.error.details.fields.map((field: { field: string }) => field.field)).toEqual(expect.arrayContaining(fields));
  });

  it('lists the delivery log and replays a failed delivery', async () => {
    const created = await subscribe();
    const [delivery] = await gateway.service.app.get(DataSource).query(
      `INSERT INTO event_deliveries (subscription_id, event_id, event_type, payload, status, attempts, last_error)
       VALUES ($1, $2, 'message.received', '{"id": "x"}', 'failed', 16, 'callback_http_500: HTTP 500') RETURNING id`,
      [created.json.id, randomUUID()],
    );
    const log = await gateway.api('GET', `/v1/subscriptions/${created.json.id}/deliveries?status=failed`);
    expect(log.json).toEqual({
      data: [
        expect.objectContaining({ id: delivery.id, subscriptionId: created.json.id, url: 'https://orders.example.com/wabus', status: 'failed', attempts: 16, lastError: 'callback_http_500: HTTP 500', payload: { id: 'x' } }),
      ],
      nextCursor: null,
    });

    const replay = await gateway.api('POST', `/v1/subscriptions/${created.json.id}/deliveries/${delivery.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.json).toEqual({ id: delivery.id, status: 'pending' });
    expect((await gateway.api('GET', `/v1/subscriptions/${created.json.id}/deliveries`)).json.data[0].status).toBe('pending');
    const jobs = await gateway.queues.queue(QueueName.Callbacks).getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.filter((job) => job.data.deliveryId === delivery.id)).toHaveLength(1);
    expect((await gateway.api('POST', `/v1/subscriptions/${created.json.id}/deliveries/${randomUUID()}/replay`)).status).toBe(404);
  });

  it('deletes a subscription', async () => {
    const created = await subscribe();
    expect((await gateway.api('DELETE', `/v1/subscriptions/${created.json.id}`)).status).toBe(204);
    expect((await gateway.api('GET', `/v1/subscriptions/${created.json.id}`)).status).toBe(404);
  });
});
