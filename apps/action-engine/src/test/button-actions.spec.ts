import { randomUUID } from 'node:crypto';
import { verifyCallback } from '@wabus/domain';
import { ActionRunEntity, ButtonActionEntity, ContactEntity, TicketEntity } from '@wabus/persistence';
import { JobName, outboundMessageId } from '@wabus/queues';
import { ButtonActionDirectory } from '../directories/button-action-directory';
import { CallbackReceiver, EngineHarness, startCallbackReceiver, startEngine, Thread, waitFor } from './engine-harness';

jest.setTimeout(30_000);

describe('action-engine: button actions', () => {
  let engine: EngineHarness;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    engine = await startEngine();
    receiver = await startCallbackReceiver();
  });

  afterAll(async () => {
    await engine?.close();
    await receiver?.close();
  });

  const action = (input: Partial<ButtonActionEntity> & Pick<ButtonActionEntity, 'type' | 'config'>) => engine.saveAction(input);

  async function tap(thread: Thread, buttonId: string, times = 1): Promise<string> {
    const messageId = await engine.tapMessage(thread, buttonId, 'Yes please');
    const event = engine.interaction(thread, messageId, buttonId, { replyTitle: 'Yes please' });
    // Events are at-least-once: the same event may arrive as several jobs.
    for (let copy = 0; copy < times; copy++) await engine.publish(event, copy === 0 ? event.eventId : `${event.eventId}-copy-${copy}`);
    return messageId;
  }

  const runsOf = (actionId: string, messageId?: string) => engine.db.getRepository(ActionRunEntity).find({ where: { actionId, ...(messageId ? { messageId } : {}) } });
  const finishedRun = (actionId: string, messageId: string) =>
    waitFor(async () => (await runsOf(actionId, messageId)).find((run) => run.status !== 'running' && run.status !== 'pending'), 15_000, 'the run to finish');

  it('hears of an action saved by someone else (the API) from PostgreSQL, without being asked', async () => {
    const directory = engine.service.app.get(ButtonActionDirectory);
    const thread = await engine.thread();
    const buttonId = `heard-${randomUUID().slice(0, 8)}`;
    await engine.db.query(`INSERT INTO button_actions (name, button_id, channel_id, type, config) VALUES ('heard', $1, $2, 'send_message', '{"text": "hi"}')`, [buttonId, thread.channelId]);
    await waitFor(() => directory.forButton(buttonId, thread.channelId).length === 1, 10_000, 'the directory to see the new action');
    expect(directory.forButton(buttonId, randomUUID())).toEqual([]);
    await engine.db.query('UPDATE button_actions SET active = false WHERE button_id = $1', [buttonId]);
    await waitFor(() => directory.forButton(buttonId, thread.channelId).length === 0, 10_000, 'the directory to forget the inactive action');
  });

  it('replies to a tap with the configured text, placeholders filled, and records the run', async () => {
    const thread = await engine.thread({ name: 'Ada' });
    const reply = await action({ type: 'send_message', config: { text: 'Thanks {{contact.name}}, you said "{{message.replyTitle}}"' }, channelId: thread.channelId });
    const messageId = await tap(thread, reply.buttonId);

    const run = await finishedRun(reply.id, messageId);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1, error: null });
    expect(run.input).toMatchObject({ contact: { name: 'Ada', phone: thread.phone }, message: { id: messageId, replyId: reply.buttonId, replyTitle: 'Yes please' } });
    const jobs = await engine.outboundJobs(thread.channelId);
    expect(jobs.map((job) => job.data)).toEqual([
      expect.objectContaining({ to: thread.phone, type: 'text', payload: { body: 'Thanks Ada, you said "Yes please"', preview_url: false }, idempotencyKey: `action.${reply.id}.${messageId}` }),
    ]);
    expect(run.outcome).toMatchObject({ messageId: jobs[0].id, messageType: 'text' });
  });

  it('runs an action once per tap when the tap event arrives three times', async () => {
    const thread = await engine.thread();
    const reply = await action({ type: 'send_message', config: { text: 'once' } });
    const messageId = await tap(thread, reply.buttonId, 3);
    await engine.settle();

    const runs = await runsOf(reply.id, messageId);
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('succeeded');
    expect(await engine.outboundJobs(thread.channelId)).toHaveLength(1);
  });

  it('finishes a run whose worker died mid-way, without sending twice', async () => {
    const thread = await engine.thread();
    const reply = await action({ type: 'send_message', config: { text: 'after a crash' } });
    const messageId = await engine.tapMessage(thread, reply.buttonId);
    // The state a crash leaves: the run claimed, the reply already queued, nothing recorded.
    const [crashed] = (await engine.db.query(`INSERT INTO action_runs (action_id, message_id, status, attempts) VALUES ($1, $2, 'running', 1) RETURNING id`, [reply.id, messageId])) as Array<{ id: string }>;
    const key = `action.${reply.id}.${messageId}`;
    const replyId = outboundMessageId(thread.channelId, key);
    const payload = { body: 'after a crash', preview_url: false };
    const requestedAt = new Date().toISOString();
    await engine.queues.enqueue(JobName.SendMessage, { v: 1, messageId: replyId, channelId: thread.channelId, to: thread.phone, type: 'text', payload, idempotencyKey: key, requestedAt }, { jobId: replyId });

    await engine.publish(engine.interaction(thread, messageId, reply.buttonId));
    const run = await finishedRun(reply.id, messageId);
    expect(run).toMatchObject({ id: crashed.id, status: 'succeeded', attempts: 2 });
    expect(await engine.outboundJobs(thread.channelId)).toHaveLength(1);
  });

  it('runs the actions of a button in sequence, its channel and global ones, active ones only', async () => {
    const thread = await engine.thread();
    const other = await engine.thread();
    const buttonId = `seq-${randomUUID().slice(0, 8)}`;
    const second = await action({ buttonId, type: 'update_contact', config: { field: 'attributes.step', value: 'two' }, sequence: 2 });
    const first = await action({ buttonId, type: 'update_contact', config: { field: 'tags.add', value: 'tapped' }, sequence: 1, channelId: thread.channelId });
    const inactive = await action({ buttonId, type: 'update_contact', config: { field: 'attributes.inactive', value: true }, active: false });
    const elsewhere = await action({ buttonId, type: 'update_contact', config: { field: 'attributes.elsewhere', value: true }, channelId: other.channelId });

    const messageId = await tap(thread, buttonId);
    const done = await finishedRun(second.id, messageId);
    const firstRun = (await runsOf(first.id, messageId))[0];
    expect(firstRun.status).toBe('succeeded');
    expect(firstRun.updatedAt.getTime()).toBeLessThanOrEqual(done.updatedAt.getTime());
    expect(await runsOf(inactive.id)).toEqual([]);
    expect(await runsOf(elsewhere.id)).toEqual([]);
    const contact = await engine.db.getRepository(ContactEntity).findOneByOrFail({ id: thread.contactId });
    expect(contact.tags).toEqual(['tapped']);
    expect(contact.attributes).toEqual({ step: 'two' });
  });

  it('updates the contact: attribute from a placeholder, tag once however often, opt-out', async () => {
    const thread = await engine.thread();
    const buttonId = `contact-${randomUUID().slice(0, 8)}`;
    await action({ buttonId, type: 'update_contact', config: { field: 'attributes.lastChoice', value: '{{message.replyTitle}}' }, sequence: 1 });
    await action({ buttonId, type: 'update_contact', config: { field: 'tags.add', value: 'interested' }, sequence: 2 });
    await action({ buttonId, type: 'update_contact', config: { field: 'optedOut', value: true }, sequence: 3 });
    await tap(thread, buttonId);
    await tap(thread, buttonId);
    await engine.settle();
    const contact = await engine.db.getRepository(ContactEntity).findOneByOrFail({ id: thread.contactId });
    expect(contact).toMatchObject({ attributes: { lastChoice: 'Yes please' }, tags: ['interested'], optedOut: true, optedOutAt: expect.any(Date) });
  });

  it('opens one ticket per tap, and sets a status on the contact', async () => {
    const thread = await engine.thread({ name: 'Bola' });
    const buttonId = `ticket-${randomUUID().slice(0, 8)}`;
    const ticket = await action({ buttonId, type: 'create_ticket', config: { subject: 'Call back {{contact.name}}', body: 'Wants a call about {{message.replyTitle}}' }, sequence: 1 });
    await action({ buttonId, type: 'update_status', config: { target: 'contact', status: 'callback requested' }, sequence: 2 });
    const messageId = await tap(thread, buttonId, 2);
    await engine.settle();

    const tickets = await engine.db.getRepository(TicketEntity).find({ where: { messageId } });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ subject: 'Call back Bola', body: 'Wants a call about Yes please', status: 'open', channelId: thread.channelId, contactId: thread.contactId });
    const run = (await runsOf(ticket.id, messageId))[0];
    expect(run.outcome).toMatchObject({ ticketId: tickets[0].id });
    const contact = await engine.db.getRepository(ContactEntity).findOneByOrFail({ id: thread.contactId });
    expect(contact.attributes).toMatchObject({ status: 'callback requested' });
  });

  it('posts the tap to a business webhook, signed with the subscription secret, once', async () => {
    const thread = await engine.thread();
    const { secret } = await engine.subscribe({ url: `${receiver.url}/subscription`, events: ['message.received'], channelId: thread.channelId });
    const hook = await action({ type: 'webhook', config: { url: `${receiver.url}/button-hook` } });
    const messageId = await tap(thread, hook.buttonId, 2);
    await engine.settle();

    const calls = receiver.received.filter((call) => call.path === '/button-hook' && call.json.data.message.id === messageId);
    expect(calls).toHaveLength(1);
    expect(verifyCallback({ secret, rawBody: calls[0].raw, headers: calls[0].headers })).toMatchObject({ valid: true, eventId: calls[0].json.id });
    expect(calls[0].json).toMatchObject({ type: 'button_action.triggered', data: { actionId: hook.id, contact: { phone: thread.phone }, message: { replyId: hook.buttonId } } });
  });

  it('records a webhook action with no subscription to sign it as failed, and does not retry it', async () => {
    const thread = await engine.thread();
    // Named explicitly, so a subscription for every channel (another suite's) cannot step in.
    const config = { url: `${receiver.url}/x`, subscriptionId: randomUUID() };
    const lonely = await action({ name: 'unsigned', channelId: thread.channelId, type: 'webhook', config });
    const messageId = await tap(thread, lonely.buttonId);
    const run = await finishedRun(lonely.id, messageId);
    expect(run).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'no_signing_subscription', message: expect.stringContaining('POST /v1/subscriptions') } });
  });

  it('records an update of a contact that no longer exists as failed, for an attribute as for a tag', async () => {
    const thread = await engine.thread();
    const buttonId = `gone-${randomUUID().slice(0, 8)}`;
    const attribute = await action({ buttonId, type: 'update_contact', config: { field: 'attributes.lastChoice', value: 'yes' }, sequence: 1 });
    const tag = await action({ buttonId, type: 'update_contact', config: { field: 'tags.add', value: 'interested' }, sequence: 2 });
    const messageId = await engine.tapMessage(thread, buttonId);
    await engine.publish(engine.interaction({ ...thread, contactId: randomUUID() }, messageId, buttonId));

    for (const { id } of [attribute, tag]) {
      expect(await finishedRun(id, messageId)).toMatchObject({ status: 'failed', error: { code: 'contact_not_found' } });
    }
  });
});
