import { randomUUID } from 'node:crypto';
import { approvalDecidedEventId, approvalReplyId, verifyCallback } from '@wabus/domain';
import { ApprovalEntity } from '@wabus/persistence';
import { outboundMessageId } from '@wabus/queues';
import { ApprovalDecisions } from '../approvals/approval-decisions.service';
import { PeriodicSweep } from '../maintenance/periodic-sweep.service';
import { CallbackReceiver, EngineHarness, startCallbackReceiver, startEngine, Thread, waitFor } from './engine-harness';

jest.setTimeout(30_000);

describe('action-engine: approvals', () => {
  let engine: EngineHarness;
  let receiver: CallbackReceiver;
  let thread: Thread;
  let secret: string;

  beforeAll(async () => {
    engine = await startEngine();
    receiver = await startCallbackReceiver();
    thread = await engine.thread({ name: 'Manager' });
    ({ secret } = await engine.subscribe({ url: `${receiver.url}/events`, events: ['approval.decided'], channelId: thread.channelId }));
  });

  afterAll(async () => {
    await engine?.close();
    await receiver?.close();
  });

  /** An approval as POST /v1/approvals leaves it: pending, its message queued under `approval:<id>`. */
  async function approval(overrides: Partial<ApprovalEntity> = {}): Promise<ApprovalEntity> {
    const id = randomUUID();
    return engine.db.getRepository(ApprovalEntity).save({
      id,
      channelId: thread.channelId,
      phone: thread.phone,
      reference: `SO-${id.slice(0, 6)}`,
      title: 'Sales order',
      amount: '120.50',
      currency: 'EUR',
      callbackUrl: `${receiver.url}/orders/callback`,
      messageId: outboundMessageId(thread.channelId, `approval:${id}`),
      ...overrides,
    });
  }

  async function tapApproval(target: ApprovalEntity, choice: 'approve' | 'reject', copies = 1, from: Thread = thread): Promise<string> {
    const replyId = approvalReplyId(target.id, choice);
    const messageId = await engine.tapMessage(from, replyId, choice === 'approve' ? 'Approve' : 'Reject');
    const event = engine.interaction(from, messageId, replyId, { contextMessageId: target.messageId });
    for (let copy = 0; copy < copies; copy++) await engine.publish(event, copy === 0 ? event.eventId : `${event.eventId}-copy-${copy}`);
    return messageId;
  }

  const reload = (id: string) => engine.db.getRepository(ApprovalEntity).findOneByOrFail({ id });
  const callbacksFor = (id: string) => receiver.received.filter((call) => call.json?.data?.approvalId === id);
  const repliesTo = async (messageId: string) =>
    (await engine.outboundJobs(thread.channelId)).filter((job) => job.data.idempotencyKey === `approval-tap.${messageId}`).map((job) => job.data.payload.body as string);

  it('is decided by the first tap, and a later tap changes nothing and is told so politely', async () => {
    const order = await approval();
    const first = await tapApproval(order, 'approve');
    await waitFor(async () => (await reload(order.id)).status === 'approved', 15_000, 'the approval to be approved');
    const second = await tapApproval(order, 'reject');
    await engine.settle();

    const decided = await reload(order.id);
    expect(decided).toMatchObject({ status: 'approved', decidedBy: thread.phone, decisionMessageId: first, contactId: thread.contactId, decidedAt: expect.any(Date) });
    expect(await repliesTo(first)).toEqual([expect.stringMatching(/^✅ Approved: Sales order \(SO-/)]);
    expect(await repliesTo(second)).toEqual([expect.stringMatching(/was already approved on .* so nothing was changed/)]);
  });

  it('sends the decision to the callbackUrl once, signed, even when the tap arrives three times', async () => {
    const order = await approval();
    const tap = await tapApproval(order, 'reject', 3);
    await engine.settle();
    await waitFor(() => callbacksFor(order.id).length > 0, 15_000, 'the callback');
    await engine.settle();

    const calls = callbacksFor(order.id);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    // The subscription wants approval.decided too: its delivery of this event goes to the callbackUrl, not twice.
    expect(call.path).toBe('/orders/callback');
    expect(verifyCallback({ secret, rawBody: call.raw, headers: call.headers })).toEqual({ valid: true, eventId: approvalDecidedEventId(order.id), timestamp: expect.any(Number) });
    expect(call.json).toMatchObject({
      id: approvalDecidedEventId(order.id),
      type: 'approval.decided',
      data: { approvalId: order.id, reference: order.reference, status: 'rejected', decidedBy: thread.phone, decidedByName: 'Manager', amount: '120.50', currency: 'EUR' },
    });
    expect(await repliesTo(tap)).toHaveLength(1);
  });

  it('delivers the decision to the subscription when the approval has no callbackUrl', async () => {
    const order = await approval({ callbackUrl: null });
    await tapApproval(order, 'approve');
    await waitFor(() => callbacksFor(order.id).length > 0, 15_000, 'the subscription delivery');
    expect(callbacksFor(order.id).map((call) => call.path)).toEqual(['/events']);
  });

  it('honours the expiry at tap time: the tap is refused, the approval expires, the business hears of it', async () => {
    const order = await approval({ expiresAt: new Date(Date.now() - 1_000) });
    const tap = await tapApproval(order, 'approve');
    await waitFor(async () => (await reload(order.id)).status === 'expired', 15_000, 'the approval to expire');
    await waitFor(() => callbacksFor(order.id).length > 0, 15_000, 'the expiry callback');
    expect(callbacksFor(order.id)[0].json.data).toMatchObject({ status: 'expired', decidedBy: null });
    expect(await repliesTo(tap)).toEqual([expect.stringMatching(/expired on .* can no longer be answered/)]);
  });

  it('expires pending approvals past their expiry in the periodic sweep', async () => {
    const order = await approval({ expiresAt: new Date(Date.now() + 300) });
    await waitFor(async () => {
      await engine.service.app.get(PeriodicSweep).sweepOnce();
      return (await reload(order.id)).status === 'expired';
    }, 15_000, 'the sweep to expire the approval');
    await waitFor(() => callbacksFor(order.id).length > 0, 15_000, 'the expiry callback');
    expect(callbacksFor(order.id)).toHaveLength(1);
  });

  it('ignores a tap by someone the approval was not sent to', async () => {
    const order = await approval();
    const stranger = { ...(await engine.thread()), channelId: thread.channelId };
    const contact = await engine.db.query(`INSERT INTO contacts (channel_id, wa_id, phone) VALUES ($1, $2, $3) RETURNING id`, [thread.channelId, stranger.phone.slice(1), stranger.phone]);
    const conversation = await engine.db.query(`INSERT INTO conversations (channel_id, contact_id) VALUES ($1, $2) RETURNING id`, [thread.channelId, contact[0].id]);
    await tapApproval(order, 'approve', 1, { ...stranger, contactId: contact[0].id, conversationId: conversation[0].id });
    await engine.settle();
    expect((await reload(order.id)).status).toBe('pending');
  });

  it('learns the wamid of its message from the deciding tap', async () => {
    const order = await approval();
    const replyId = approvalReplyId(order.id, 'approve');
    const messageId = await engine.tapMessage(thread, replyId, 'Approve');
    await engine.publish(engine.interaction(thread, messageId, replyId, { contextMessageId: order.messageId, contextWaMessageId: `wamid.${order.id}` }));
    await waitFor(async () => (await reload(order.id)).waMessageId === `wamid.${order.id}`, 15_000, 'the wamid');
  });

  it('lets only the first of two racing decisions win; the second learns that it decided nothing', async () => {
    const order = await approval();
    const decisions = engine.service.app.get(ApprovalDecisions);
    const decision = { approvalId: order.id, decidedBy: thread.phone, decisionMessageId: null, contactId: thread.contactId };

    const first = await decisions.decide({ ...decision, status: 'approved' });
    const second = await decisions.decide({ ...decision, status: 'rejected' });

    expect(first).toMatchObject({ id: order.id, status: 'approved' });
    expect(second).toBeNull();
    expect((await reload(order.id)).status).toBe('approved');
  });

  it('expires in the sweep only the approvals that are due, and none other', async () => {
    const decided = await approval();
    await engine.service.app.get(ApprovalDecisions).decide({ approvalId: decided.id, status: 'approved', decidedBy: thread.phone, decisionMessageId: null, contactId: null });
    const later = await approval({ expiresAt: new Date(Date.now() + 3_600_000) });

    const expired = await engine.service.app.get(ApprovalDecisions).expire();

    expect(expired.map((row) => row.id)).not.toContain(decided.id);
    expect(expired.map((row) => row.id)).not.toContain(later.id);
    expect(expired.every((row) => row.status === 'expired')).toBe(true);
    expect((await reload(later.id)).status).toBe('pending');
  });
});
