import { randomUUID } from 'node:crypto';
import { verifyCallback } from '@wabus/domain';
import { DeadLetterEntity, EventDeliveryEntity } from '@wabus/persistence';
import { DomainEventJob, QueueName } from '@wabus/queues';
import { SubscriptionDirectory } from '../directories/subscription-directory';
import { CallbackReceiver, EngineHarness, startCallbackReceiver, startEngine, Thread, waitFor } from './engine-harness';

jest.setTimeout(30_000);

describe('action-engine: event subscriptions', () => {
  let engine: EngineHarness;
  let receiver: CallbackReceiver;
  let thread: Thread;

  beforeAll(async () => {
    engine = await startEngine();
    receiver = await startCallbackReceiver();
    thread = await engine.thread();
  });

  afterAll(async () => {
    await engine?.close();
    await receiver?.close();
  });

  function received(channelId = thread.channelId, text = `hello ${randomUUID()}`): DomainEventJob {
    return {
      v: 1,
      eventId: randomUUID(),
      type: 'message.received',
      occurredAt: new Date().toISOString(),
      data: { messageId: randomUUID(), channelId, contactId: thread.contactId, conversationId: thread.conversationId, phone: thread.phone, type: 'text', text },
    };
  }

  const callsFor = (eventId: string) => receiver.received.filter((call) => call.json.id === eventId);
  const deliveriesOf = (eventId: string) => engine.db.getRepository(EventDeliveryEntity).find({ where: { eventId } });

  it('delivers the events a subscription chose, for its channel, signed, with the event id', async () => {
    const path = `/sub-${randomUUID().slice(0, 6)}`;
    const { id, secret } = await engine.subscribe({ url: `${receiver.url}${path}`, events: ['message.received', 'approval.decided'], channelId: thread.channelId });
    const wanted = received();
    const otherChannel = received((await engine.thread()).channelId);
    const otherType: DomainEventJob = { ...received(), type: 'conversation.opened' };
    for (const event of [wanted, otherChannel, otherType]) await engine.publish(event);
    await engine.settle();

    const calls = receiver.received.filter((call) => call.path === path);
    expect(calls.map((call) => call.json.id)).toEqual([wanted.eventId]);
    const [call] = calls;
    expect(call.headers['x-wabus-event-id']).toBe(wanted.eventId);
    expect(call.headers['content-type']).toBe('application/json');
    expect(verifyCallback({ secret, rawBody: call.raw, headers: call.headers })).toMatchObject({ valid: true, eventId: wanted.eventId });
    expect(call.json).toEqual({ id: wanted.eventId, type: 'message.received', occurredAt: wanted.occurredAt, data: wanted.data });
    expect(await deliveriesOf(wanted.eventId)).toEqual([expect.objectContaining({ subscriptionId: id, status: 'delivered', attempts: 1, deliveredAt: expect.any(Date), lastError: null })]);
  });

  it('makes one delivery per event id, however often the event is handled', async () => {
    await engine.subscribe({ url: `${receiver.url}/dedupe`, events: ['message.received'], channelId: thread.channelId });
    const event = received();
    for (let copy = 0; copy < 3; copy++) await engine.publish(event, copy === 0 ? event.eventId : `${event.eventId}-${copy}`);
    await engine.settle();
    expect(callsFor(event.eventId).filter((call) => call.path === '/dedupe')).toHaveLength(1);
  });

  it('retries a failing endpoint with backoff until it answers, logging each attempt', async () => {
    const own = await engine.thread();
    await engine.subscribe({ url: `${receiver.url}/flaky`, events: ['message.received'], channelId: own.channelId });
    const event = received(own.channelId);
    receiver.failNext(2, 503);
    await engine.publish(event);
    const delivered = await waitFor(async () => (await deliveriesOf(event.eventId)).find((delivery) => delivery.status === 'delivered'), 20_000, 'the delivery after retries');
    expect(delivered).toMatchObject({ attempts: 3, lastError: null });
    expect(callsFor(event.eventId)).toHaveLength(1);
  });

  it('stops at once on 410 Gone, marks the delivery failed and keeps it in the dead letters', async () => {
    const own = await engine.thread();
    await engine.subscribe({ url: `${receiver.url}/gone`, events: ['message.received'], channelId: own.channelId });
    const event = received(own.channelId);
    receiver.failNext(1, 410);
    await engine.publish(event);
    const failed = await waitFor(async () => (await deliveriesOf(event.eventId)).find((delivery) => delivery.status === 'failed'), 15_000, 'the delivery to fail');
    expect(failed).toMatchObject({ attempts: 1, lastError: expect.stringContaining('callback_http_410') });
    const deadLetter = await waitFor(
      async () => (await engine.db.getRepository(DeadLetterEntity).findOne({ where: { queue: QueueName.Callbacks, jobId: failed.id } })) ?? undefined,
      15_000,
      'the dead letter',
    );
    expect(deadLetter).toMatchObject({ jobName: 'deliver-callback', payload: { v: 1, deliveryId: failed.id }, error: { code: 'callback_http_410' } });
  });

  it('handles a batch event by event: a poison event is queued again alone and dead-lettered, the others are delivered once', async () => {
    const own = await engine.thread();
    await engine.subscribe({ url: `${receiver.url}/batch`, events: ['interaction.received'], channelId: own.channelId });
    const tap = (data: Record<string, unknown>): DomainEventJob => ({ v: 1, eventId: randomUUID(), type: 'interaction.received', occurredAt: new Date().toISOString(), data });
    const good = [1, 2].map(() => tap({ ...engine.interaction(own, randomUUID(), 'no-action-bound').data }));
    const poison = tap({ channelId: own.channelId, replyId: 'no-message-id' });
    await engine.queues.publishDomainEvents([good[0], poison, good[1]]);
    await engine.settle();

    for (const event of good) expect(callsFor(event.eventId).filter((call) => call.path === '/batch')).toHaveLength(1);
    const deadLetters = await engine.db.getRepository(DeadLetterEntity).find({ where: { queue: QueueName.Events } });
    const mine = deadLetters.filter((letter) => JSON.stringify(letter.payload).includes(own.channelId));
    expect(mine).toEqual([expect.objectContaining({ jobName: 'domain-events', jobId: poison.eventId, payload: { v: 1, events: [poison] } })]);
    const batch = (await engine.queues.queue(QueueName.Events).getJobs(['completed'])).find((job) => job?.data?.events?.length === 3);
    expect(batch?.returnvalue).toEqual({ events: 3, requeued: [poison.eventId] });
  });
});

describe('action-engine: business webhooks to private addresses', () => {
  let engine: EngineHarness;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    engine = await startEngine({ allowPrivateUrls: false });
    receiver = await startCallbackReceiver();
  });

  afterAll(async () => {
    await engine?.close();
    await receiver?.close();
  });

  it('refuses a loopback URL when private URLs are not allowed, without calling it', async () => {
    const thread = await engine.thread();
    await engine.subscribe({ url: `${receiver.url}/private`, events: ['conversation.opened'], channelId: thread.channelId });
    const eventId = randomUUID();
    await engine.publish({ v: 1, eventId, type: 'conversation.opened', occurredAt: new Date().toISOString(), data: { channelId: thread.channelId, conversationId: thread.conversationId } });
    const failed = await waitFor(
      async () => (await engine.db.getRepository(EventDeliveryEntity).find({ where: { eventId } })).find((delivery) => delivery.status === 'failed'),
      15_000,
      'the delivery to be refused',
    );
    expect(failed).toMatchObject({ attempts: 1, lastError: expect.stringContaining('callback_refused_url') });
    expect(receiver.received).toHaveLength(0);
  });
});

describe('action-engine: the subscription directory', () => {
  let engine: EngineHarness;

  beforeAll(async () => {
    engine = await startEngine();
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('hears of a new, changed or removed subscription from PostgreSQL, without being asked', async () => {
    const directory = engine.service.app.get(SubscriptionDirectory);
    const channelId = (await engine.thread()).channelId;
    expect(directory.wants('conversation.opened', channelId)).toBe(false);
    const [row] = (await engine.db.query(`INSERT INTO event_subscriptions (url, secret, events, channel_id) VALUES ('https://x.example.com', $1, '{conversation.opened}', $2) RETURNING id`, [
      engine.secrets.seal('s'),
      channelId,
    ])) as Array<{ id: string }>;
    await waitFor(() => directory.wants('conversation.opened', channelId), 10_000, 'the directory to see the new subscription');
    expect(directory.wants('conversation.opened', randomUUID())).toBe(false);
    await engine.db.query('UPDATE event_subscriptions SET active = false WHERE id = $1', [row.id]);
    await waitFor(() => !directory.wants('conversation.opened', channelId), 10_000, 'the directory to forget the inactive subscription');
  });
});
