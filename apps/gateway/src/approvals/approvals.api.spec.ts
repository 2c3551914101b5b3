import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventSubscriptionEntity, SecretBox } from '@wabus/persistence';
import { outboundMessageId, QueueName } from '@wabus/queues';
import { scratchDatabaseUrl } from '@wabus/testing';
import { GatewayHarness, startGateway } from '../test/gateway-harness';

jest.setTimeout(30_000);

describe('gateway: /v1/approvals', () => {
  let gateway: GatewayHarness;
  let channelId: string;

  async function channel(): Promise<string> {
    const created = await gateway.api('POST', '/v1/channels', {
      name: 'approvals',
      phoneNumberId: `8${Date.now()}${Math.floor(Math.random() * 1000)}`,
      wabaId: '777002',
      accessToken: `token-${randomUUID()}`,
      appSecret: `secret-${randomUUID()}`,
      verifyToken: `verify-${randomUUID()}`,
    });
    return created.json.id;
  }

  beforeAll(async () => {
    // Its own database: a subscription without a channel (another suite's) would sign every channel's callbacks.
    gateway = await startGateway({ databaseUrl: scratchDatabaseUrl('approvals_api') });
    channelId = await channel();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const order = (overrides: Record<string, unknown> = {}) => ({
    channelId,
    to: '+234 803 123 4567',
    reference: `SO-${randomUUID().slice(0, 6)}`,
    title: 'Sales order for ACME',
    lines: [{ description: 'Widget', quantity: 2, amount: '40.00' }],
    amount: '80.00',
    currency: 'EUR',
    approveLabel: 'Approve',
    rejectLabel: 'Reject',
    ...overrides,
  });

  it('records a pending approval and queues its two-button message under approval:<id>', async () => {
    const answer = await gateway.api('POST', '/v1/approvals', order());
    expect(answer.status).toBe(201);
    const approval = answer.json;
    expect(approval).toMatchObject({
      id: expect.any(String),
      channelId,
      to: '+2348031234567',
      status: 'pending',
      decidedAt: null,
      decidedBy: null,
      amount: '80.00',
      lines: [{ description: 'Widget', quantity: 2, amount: '40.00' }],
      callbackUrl: null,
      expiresAt: null,
    });
    expect(approval.messageId).toBe(outboundMessageId(channelId, `approval:${approval.id}`));
    const job = await gateway.queues.queue(QueueName.Outbound).getJob(approval.messageId);
    expect(job?.data).toMatchObject({
      to: '+2348031234567',
      type: 'interactive',
      idempotencyKey: `approval:${approval.id}`,
      payload: {
        type: 'button',
        body: { text: expect.stringContaining('Total: 80.00 EUR') },
        action: {
          buttons: [
            { type: 'reply', reply: { id: `approval:${approval.id}:approve`, title: 'Approve' } },
            { type: 'reply', reply: { id: `approval:${approval.id}:reject`, title: 'Reject' } },
          ],
        },
      },
    });
    expect((await gateway.api('GET', `/v1/approvals/${approval.id}`)).json).toEqual(approval);
  });

  it('answers the same approval for the same idempotency key, and sends once', async () => {
    const body = order({ idempotencyKey: `order-${randomUUID()}` });
    const first = await gateway.api('POST', '/v1/approvals', body);
    const second = await gateway.api('POST', '/v1/approvals', body);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.json.id).toBe(first.json.id);
    const jobs = await gateway.queues.queue(QueueName.Outbound).getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.filter((job) => job.data.idempotencyKey === `approval:${first.json.id}`)).toHaveLength(1);
  });

  it('needs a subscription to sign a callbackUrl', async () => {
    const own = await channel();
    const refused = await gateway.api('POST', '/v1/approvals', order({ channelId: own, callbackUrl: 'https://orders.example.com/cb' }));
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe('no_signing_subscription');
    const secrets = gateway.service.app.get(SecretBox);
    await gateway.service.app.get(DataSource).getRepository(EventSubscriptionEntity).save({ url: 'https://orders.example.com/events', events: ['approval.decided'], channelId: own, secret: secrets.seal('s') });
    const accepted = await gateway.api('POST', '/v1/approvals', order({ channelId: own, callbackUrl: 'https://orders.example.com/cb' }));
    expect(accepted.status).toBe(201);
    expect(accepted.json.callbackUrl).toBe('https://orders.example.com/cb');
  });

  it.each([
    ['a wrong phone number', { to: 'not a number' }, ['to']],
    ['equal button labels', { approveLabel: 'OK', rejectLabel: 'OK' }, ['rejectLabel']],
    ['a label longer than a WhatsApp button allows', { approveLabel: 'Approve this order now!' }, ['approveLabel']],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, ['expiresAt']],
    ['a callback that is not http(s)', { callbackUrl: 'ftp://orders.example.com' }, ['callbackUrl']],
    ['an amount that is not a decimal', { amount: '12,50' }, ['amount']],
    ['a currency that is not ISO 4217', { currency: 'euro' }, ['currency']],
    ['a missing title', { title: undefined }, ['title']],
  ])('refuses %s', async (_label, change, fields) => {
    const answer = await gateway.api('POST', '/v1/approvals', order(change));
    expect(answer.status).toBe(400);
    expect(answer.json.error.details.fields.map((field: { field: string }) => field.field)).toEqual(expect.arrayContaining(fields));
  });

  it('shows an approval past its expiry as expired, and finds approvals by reference and status', async () => {
    const created = await gateway.api('POST', '/v1/approvals', order({ expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    await gateway.service.app.get(DataSource).query(`UPDATE approvals SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.json.id]);
    expect((await gateway.api('GET', `/v1/approvals/${created.json.id}`)).json.status).toBe('expired');
    const listed = await gateway.api('GET', `/v1/approvals?reference=${created.json.reference}&status=expired`);
    expect(listed.json.data.map((approval: { id: string }) => approval.id)).toEqual([created.json.id]);
    expect((await gateway.api('GET', `/v1/approvals?reference=${created.json.reference}&status=pending`)).json.data).toEqual([]);
  });

  it('answers 404 for an unknown approval', async () => {
    expect((await gateway.api('GET', `/v1/approvals/${randomUUID()}`)).status).toBe(404);
    expect((await gateway.api('GET', '/v1/approvals/not-an-id')).status).toBe(404);
  });
});
