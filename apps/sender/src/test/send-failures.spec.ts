import { JobName, QueueName, RedisKeys, SendMessageJob } from '@wabus/queues';
import { SenderHarness, TestChannel, waitFor } from './sender-harness';

jest.setTimeout(60_000);

describe('sender: failures, retries, dead letters and idempotency', () => {
  let harness: SenderHarness;

  beforeAll(async () => {
    harness = await SenderHarness.start({
      graphResponseTimeoutMs: 500,
      limits: { breakerThreshold: 3, breakerCooldownMs: 3_000 },
    });
  });

  afterEach(async () => {
    await harness.emulatorCall('DELETE', '/_emulator/faults');
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function openChannel(phones: string[]): Promise<TestChannel> {
    const channel = await harness.channel();
    for (const phone of phones) await harness.customerWrites(channel, phone);
    return channel;
  }

  const sendJob = (id: string) => harness.queues.queue(QueueName.Outbound).getJob(id);

  it('retries a 5xx with backoff, then sends once the Graph API recovers', async () => {
    const channel = await openChannel(['+2348032220001']);
    await harness.emulatorCall('POST', '/_emulator/faults', { http5xxRate: 1 });
    const id = await harness.submit(channel, { to: '+2348032220001', type: 'text', payload: { body: 'retry me' } });
    await waitFor(async () => (await harness.outbox(channel.phoneNumberId)).length >= 1, 10_000, 'a first attempt');
    await harness.emulatorCall('DELETE', '/_emulator/faults');
    expect(await harness.outcome(id)).toMatchObject({ outcome: 'sent' });
    const attempts = await harness.outbox(channel.phoneNumberId);
    expect(attempts.map((row) => (row.verdict === 'accepted' ? 'accepted' : row.verdict.error.code))).toEqual([2, 'accepted']);
    // BullMQ counts the successful attempt too: one failure, one success.
    expect((await sendJob(id))?.attemptsMade).toBe(2);
  });

  it('retries a send that got no answer (timeout), then sends it', async () => {
    const channel = await openChannel(['+2348032220002']);
    await harness.emulatorCall('POST', '/_emulator/faults', { timeoutRate: 1, timeoutMs: 2_000 });
    const id = await harness.submit(channel, { to: '+2348032220002', type: 'text', payload: { body: 'are you there?' } });
    await waitFor(async () => (await sendJob(id))?.failedReason, 10_000, 'a timed-out first attempt');
    await harness.emulatorCall('DELETE', '/_emulator/faults');
    expect(await harness.outcome(id)).toMatchObject({ outcome: 'sent' });
    expect((await sendJob(id))?.failedReason).toContain('Graph API timeout');
  });

  let deadMessageId: string;
  let deadChannel: TestChannel;

  it('fails a permanent Meta error once, without retrying, records code, title and details, and dead-letters it', async () => {
    deadChannel = await openChannel(['+2348032220003']);
    await harness.emulatorCall('POST', '/_emulator/faults', { errorCodes: { '131009': 1 } });
    deadMessageId = await harness.submit(deadChannel, { to: '+2348032220003', type: 'text', payload: { body: 'refused' } });
    const outcome = await harness.outcome(deadMessageId);
    expect(outcome).toMatchObject({ outcome: 'failed', error: { code: '131009', title: 'Parameter value is not valid' }, request: { type: 'text' }, response: { error: { code: 131009 } } });
    // The failed record is written before BullMQ moves the job to failed: wait for the move.
    const job = await waitFor(async () => {
      const current = await sendJob(deadMessageId);
      return (await current?.getState()) === 'failed' ? current : undefined;
    }, 10_000, 'the send job to be failed');
    expect(job?.attemptsMade).toBe(1);
    expect(await harness.outbox(deadChannel.phoneNumberId)).toHaveLength(1);
    expect(await harness.deadLetter(deadMessageId)).toMatchObject({ jobName: JobName.SendMessage, attempts: 1, error: { code: '131009' }, payload: { messageId: deadMessageId } });
  });

  it('replays a dead letter: the same message is sent once the cause is gone', async () => {
    const deadLetter = await harness.deadLetter(deadMessageId);
    // What POST /v1/dead-letters/:id/retry does: the payload again, under a new job id.
    await harness.queues.enqueue(JobName.SendMessage, deadLetter.payload as unknown as SendMessageJob, { jobId: `replay-${deadLetter.id}` });
    const sent = await waitFor(() => harness.queues.queue(QueueName.Records).getJob(`sent-${deadMessageId}`), 10_000, 'the replayed send');
    expect(sent?.data).toMatchObject({ outcome: 'sent', messageId: deadMessageId });
    const rows = await harness.outbox(deadChannel.phoneNumberId);
    expect(rows.map((row) => row.verdict === 'accepted')).toEqual([false, true]);
  });

  it('never sends a message twice: a job for a message Meta already accepted is recorded again, not sent again', async () => {
    const channel = await openChannel(['+2348032220004']);
    const id = await harness.submit(channel, { to: '+2348032220004', type: 'text', payload: { body: 'once' } });
    const first = await harness.outcome(id);
    const job = await sendJob(id);
    // A worker that crashed after Meta's answer, a replay, or a resubmission after the completed job was pruned: same message, new run.
    await harness.queues.enqueue(JobName.SendMessage, job?.data as SendMessageJob, { jobId: `again-${id}` });
    const again = await waitFor(async () => {
      const rerun = await sendJob(`again-${id}`);
      return rerun?.returnvalue ? rerun : undefined;
    });
    expect(again.returnvalue).toEqual({ outcome: 'already_sent', waMessageId: first.waMessageId });
    expect(await harness.outbox(channel.phoneNumberId)).toHaveLength(1);
    expect(await harness.redis.get(RedisKeys.sentMarker(harness.config.queuePrefix, id))).toMatch(/^wamid\..+\|2348032220004\|$/);
  });

  it('pauses a channel whose Graph API keeps failing (circuit breaker) instead of burning attempts, then resumes', async () => {
    const phones = ['+2348032220011', '+2348032220012', '+2348032220013', '+2348032220014', '+2348032220015', '+2348032220016'];
    const channel = await openChannel(phones);
    await harness.emulatorCall('POST', '/_emulator/faults', { http5xxRate: 1 });
    const first = [];
    for (const phone of phones.slice(0, 3)) first.push(await harness.submit(channel, { to: phone, type: 'text', payload: { body: 'during the outage' } }));
    const breaker = RedisKeys.circuit(harness.config.queuePrefix, channel.id);
    await waitFor(async () => Number(await harness.redis.hget(breaker, 'openUntil')) > 0, 10_000, 'the breaker to open');
    expect(await harness.outbox(channel.phoneNumberId)).toHaveLength(3);

    const heldBefore = await harness.metric('wabus_sender_delays_total', { reason: 'circuit_open', where: 'queue' });
    const later = [];
    for (const phone of phones.slice(3)) later.push(await harness.submit(channel, { to: phone, type: 'text', payload: { body: 'while paused' } }));
    await waitFor(async () => (await harness.metric('wabus_sender_delays_total', { reason: 'circuit_open', where: 'queue' })) >= heldBefore + 3, 10_000, 'the later jobs to be held');
    // Held, not sent: the Graph API saw nothing from the later jobs.
    expect(await harness.outbox(channel.phoneNumberId)).toHaveLength(3);

    await harness.emulatorCall('DELETE', '/_emulator/faults');
    for (const id of [...first, ...later]) expect(await harness.outcome(id, 30_000)).toMatchObject({ outcome: 'sent' });
    // One attempt each, the one that succeeded: the pause used none.
    for (const id of later) expect((await sendJob(id))?.attemptsMade).toBe(1);
    expect(await harness.redis.exists(breaker)).toBe(0);
  });
});
