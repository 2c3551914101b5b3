import { checkTemplateMessage, type TemplateSnapshot } from '@wabus/domain';
import { ChannelEntity } from '@wabus/persistence';
import { JobName, QueueName } from '@wabus/queues';
import { templateSchedulerId } from '../schedule/template-schedules';
import { GraphFaultProxy } from './graph-fault-proxy';
import { bodyTemplate, Json, TemplateSyncHarness, TEST_SETTINGS, waitFor } from './template-sync-harness';

jest.setTimeout(60_000);

describe('template-sync through the emulator', () => {
  let harness: TemplateSyncHarness;

  beforeAll(async () => {
    harness = await TemplateSyncHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('syncs 1,200 templates over many pages completely, with every field we keep', async () => {
    const channel = await harness.channel();
    const templates = Array.from({ length: 1_200 }, (_, i) => bodyTemplate(`bulk_${String(i).padStart(4, '0')}`, { quality_score: { score: i % 2 ? 'GREEN' : 'YELLOW', date: 1_700_000_000 } }));
    await harness.metaTemplates(channel.wabaId, templates);

    const job = await harness.sync(channel);

    expect(job.progress).toMatchObject({ phase: 'done', pages: 24, templates: 1_200, passes: 1, after: null, deleted: 0 });
    expect(job.returnvalue).toMatchObject({ outcome: 'completed', pages: 24, templates: 1_200 });
    const rows = await harness.rows(channel.wabaId);
    expect(rows).toHaveLength(1_200);
    expect(rows[7]).toMatchObject({
      name: 'bulk_0007',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      parameterFormat: 'POSITIONAL',
      qualityScore: 'GREEN',
      rejectedReason: null,
      deletedAt: null,
      metaId: expect.stringMatching(/^\d+$/),
    });
    expect(rows[7].components).toEqual(templates[7].components);
    // Every page asked for the fields we keep (Meta's defaults leave out quality and the rejection reason).
    const listings = harness.proxy.listings(channel.wabaId);
    expect(listings).toHaveLength(24);
    expect(listings[0].query.get('fields')).toContain('quality_score');
    expect(listings[0].query.get('after')).toBeNull();
    expect(new Set(listings.map((request) => request.query.get('after'))).size).toBe(24);
    const saved = await harness.channelRow(channel.id);
    expect(saved.lastTemplateSyncAt).toBeInstanceOf(Date);
    expect(saved.lastTemplateSyncError).toBeNull();
    expect(await harness.metric('wabus_template_sync_pages_total')).toBeGreaterThanOrEqual(24);
  });

  it('shows rejected, paused and disabled templates as such, and the pre-send check refuses each with a clear error', async () => {
    const channel = await harness.channel();
    await harness.metaTemplates(channel.wabaId, [
      bodyTemplate('promo_rejected', { status: 'REJECTED', rejected_reason: 'PROMOTIONAL' }),
      bodyTemplate('promo_paused', { status: 'PAUSED' }),
      bodyTemplate('promo_disabled', { status: 'DISABLED' }),
      bodyTemplate('order_ready'),
    ]);
    await harness.sync(channel);

    const rows = await harness.rows(channel.wabaId);
    expect(rows.map((row) => [row.name, row.status, row.rejectedReason])).toEqual([
      ['order_ready', 'APPROVED', null],
      ['promo_disabled', 'DISABLED', null],
      ['promo_paused', 'PAUSED', null],
      ['promo_rejected', 'REJECTED', 'PROMOTIONAL'],
    ]);
    const send = (name: string) => ({
      name,
      language: { code: 'en_US' },
      components: [
        { type: 'body' as const, parameters: [{ type: 'text' as const, text: 'Ada' }, { type: 'text' as const, text: '#1' }] },
        { type: 'button' as const, sub_type: 'url' as const, index: '0', parameters: [{ type: 'text' as const, text: 'a1' }] },
      ],
    });
    const known = rows as TemplateSnapshot[];
    expect(checkTemplateMessage(send('order_ready'), known)).toBeNull();
    expect(checkTemplateMessage(send('promo_rejected'), known)).toMatchObject({ code: 'template_rejected', message: expect.stringMatching(/promo_rejected \(en_US\) is REJECTED \(reason: PROMOTIONAL\)/) });
    expect(checkTemplateMessage(send('promo_paused'), known)).toMatchObject({ code: 'template_paused', metaCode: 132015 });
    expect(checkTemplateMessage(send('promo_disabled'), known)).toMatchObject({ code: 'template_disabled', metaCode: 132016 });
    expect(checkTemplateMessage({ ...send('order_ready'), components: [] }, known)?.message).toMatch(/expects 2 body parameters/);
  });

  it('marks a template deleted at Meta as deleted without erasing it, and clears the mark when it comes back', async () => {
    const channel = await harness.channel();
    await harness.metaTemplates(channel.wabaId, [bodyTemplate('keep_me'), bodyTemplate('drop_me')]);
    await harness.sync(channel);
    await harness.emulatorCall('DELETE', `/v23.0/${channel.wabaId}/message_templates?name=drop_me`, undefined, { authorization: `Bearer ${channel.accessToken}` });

    const job = await harness.sync(channel);

    expect(job.progress).toMatchObject({ deleted: 1 });
    const dropped = await harness.row(channel.wabaId, 'drop_me');
    expect(dropped?.deletedAt).toBeInstanceOf(Date);
    expect(dropped?.status).toBe('APPROVED');
    expect((await harness.row(channel.wabaId, 'keep_me'))?.deletedAt).toBeNull();
    await harness.metaTemplates(channel.wabaId, [bodyTemplate('drop_me')]);
    await harness.sync(channel);
    expect((await harness.row(channel.wabaId, 'drop_me'))?.deletedAt).toBeNull();
  });

  it('runs one sync for two concurrent requests of a channel, and one for two channels of the same WABA', async () => {
    const first = await harness.channel();
    const second = await harness.channel({ wabaId: first.wabaId, register: false, accessToken: first.accessToken });
    await harness.metaTemplates(first.wabaId, Array.from({ length: 120 }, (_, i) => bodyTemplate(`pair_${i}`)));

    const dedup = { deduplicationId: `sync-templates-${first.id}` };
    const [a, b] = await Promise.all([harness.enqueue(first, 'api', dedup), harness.enqueue(first, 'api', dedup)]);
    expect(b).toBe(a);
    await harness.finished(a);
    expect(harness.proxy.listings(first.wabaId)).toHaveLength(3);

    const [c, d] = await harness.queues.enqueueBulk(JobName.SyncTemplates, [
      { data: { v: 1, channelId: first.id, reason: 'webhook' } },
      { data: { v: 1, channelId: second.id, reason: 'webhook' } },
    ]);
    const outcomes = [(await harness.finished(c)).returnvalue.outcome, (await harness.finished(d)).returnvalue.outcome].sort();
    expect(outcomes[0]).toBe('completed');
    expect(['fresh', 'joined']).toContain(outcomes[1]);
    expect(harness.proxy.listings(first.wabaId)).toHaveLength(6);
    expect((await harness.channelRow(second.id)).lastTemplateSyncAt).toBeInstanceOf(Date);
  });

  it('never loses a request made while a sync runs: the running sync makes one more pass for it', async () => {
    const channel = await harness.channel();
    await harness.metaTemplates(channel.wabaId, Array.from({ length: 200 }, (_, i) => bodyTemplate(`late_${String(i).padStart(3, '0')}`)));
    harness.proxy.listingDelayMs = 150;
    try {
      const running = await harness.enqueue(channel);
      // Once the first page is read, Meta pauses a template on it: only a second pass can see that.
      await waitFor(() => harness.proxy.listings(channel.wabaId).length >= 2, 10_000, 'the first page to be read');
      await harness.emulatorCall('POST', '/_emulator/templates/status', { wabaId: channel.wabaId, name: 'late_000', language: 'en_US', status: 'PAUSED' });
      const joined = await harness.enqueue(channel, 'webhook', { jobId: `webhook-${channel.id}` });
      expect((await harness.finished(joined)).returnvalue).toMatchObject({ outcome: 'joined', runningJobId: running });
      const done = await harness.finished(running);
      expect(done.progress).toMatchObject({ passes: 2, phase: 'done' });
    } finally {
      harness.proxy.listingDelayMs = 0;
    }
    expect((await harness.row(channel.wabaId, 'late_000'))?.status).toBe('PAUSED');
  });

  it('survives a 5xx mid-paging: the page is tried again inside the job', async () => {
    const channel = await harness.channel();
    await harness.metaTemplates(channel.wabaId, Array.from({ length: 200 }, (_, i) => bodyTemplate(`flaky_${i}`)));
    let listed = 0;
    harness.proxy.fail({ match: (request) => request.path.endsWith(`/${channel.wabaId}/message_templates`) && ++listed === 3, times: 1, ...GraphFaultProxy.serviceUnavailable() });
    const before = await harness.metric('wabus_template_sync_graph_errors_total', { kind: 'transient', code: '2' });

    const job = await harness.sync(channel);

    // One attempt (BullMQ counts the one that completed): the retry happened inside it.
    expect(job.attemptsMade).toBe(1);
    expect(job.progress).toMatchObject({ pages: 4, templates: 200 });
    expect(await harness.rows(channel.wabaId)).toHaveLength(200);
    // Five requests for four pages: the third page twice, no page from the start again.
    expect(harness.proxy.listings(channel.wabaId).map((request) => request.query.get('after'))).toHaveLength(5);
    expect(await harness.metric('wabus_template_sync_graph_errors_total', { kind: 'transient', code: '2' })).toBe(before + 1);
  });

  it('reports a sync whose pages keep failing on the channel, then resumes from its cursor when the job is retried', async () => {
    const channel = await harness.channel();
    await harness.metaTemplates(channel.wabaId, Array.from({ length: 200 }, (_, i) => bodyTemplate(`outage_${i}`)));
    const afterSecondPage = (request: { path: string; query: URLSearchParams }) =>
      request.path.endsWith(`/${channel.wabaId}/message_templates`) && harness.proxy.listings(channel.wabaId).length >= 3;
    harness.proxy.fail({ match: afterSecondPage, times: TEST_SETTINGS.pageAttempts ?? 3, ...GraphFaultProxy.serviceUnavailable() });

    const jobId = await harness.enqueue(channel);
    const failedOnce = await waitFor(async () => (await harness.channelRow(channel.id)).lastTemplateSyncError ?? undefined, 20_000, 'the error on the channel');
    expect(failedOnce).toMatch(/error 2 \(HTTP 503\)/);
    const job = await harness.finished(jobId);

    expect(job.attemptsMade).toBe(2);
    expect(job.progress).toMatchObject({ phase: 'done', templates: 200 });
    const afters = harness.proxy.listings(channel.wabaId).map((request) => request.query.get('after'));
    expect(afters.filter((after) => after === null)).toHaveLength(1);
    expect(await harness.rows(channel.wabaId)).toHaveLength(200);
    expect((await harness.channelRow(channel.id)).lastTemplateSyncError).toBeNull();
  });

  it('starts the pass over when Meta refuses the cursor a retried job resumes from', async () => {
    const channel = await harness.channel();
    await harness.metaTemplates(channel.wabaId, Array.from({ length: 150 }, (_, i) => bodyTemplate(`expired_${i}`)));
    const listings = () => harness.proxy.listings(channel.wabaId).length;
    const ofWaba = (request: { path: string }) => request.path.endsWith(`/${channel.wabaId}/message_templates`);
    harness.proxy.fail({ match: (request) => ofWaba(request) && listings() >= 3, times: TEST_SETTINGS.pageAttempts ?? 3, ...GraphFaultProxy.serviceUnavailable() });
    harness.proxy.fail({ match: (request) => ofWaba(request) && request.query.get('after') !== null && listings() >= 6, times: 1, status: 400, body: { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'A' } } });

    const job = await harness.finished(await harness.enqueue(channel));

    expect(job.progress).toMatchObject({ phase: 'done', pages: 3, templates: 150, deleted: 0 });
    expect(harness.proxy.listings(channel.wabaId).filter((request) => request.query.get('after') === null)).toHaveLength(2);
    expect(await harness.rows(channel.wabaId)).toHaveLength(150);
  });

  it("waits out Meta's rate limit as a delayed job that keeps its cursor", async () => {
    const channel = await harness.channel();
    await harness.metaTemplates(channel.wabaId, Array.from({ length: 120 }, (_, i) => bodyTemplate(`limited_${i}`)));
    harness.proxy.fail({ match: (request) => request.path.endsWith(`/${channel.wabaId}/message_templates`) && request.query.get('after') !== null, times: 1, ...GraphFaultProxy.rateLimited() });

    const jobId = await harness.enqueue(channel);
    const job = await harness.inState(jobId, 'delayed');
    expect((await harness.channelRow(channel.id)).lastTemplateSyncError).toMatch(/80007/);
    expect(job.progress).toMatchObject({ phase: 'listing', pages: 1, after: expect.any(String) });
    await job.promote();
    const done = await harness.finished(jobId);
    expect(done.progress).toMatchObject({ phase: 'done', pages: 3, templates: 120 });
    expect(harness.proxy.listings(channel.wabaId).filter((request) => request.query.get('after') === null)).toHaveLength(1);
  });

  it('fails a requested sync with a revoked token for good, naming the reason on the channel and on the job', async () => {
    const channel = await harness.channel({ accessToken: 'revoked-token' });
    const jobId = await harness.enqueue(channel);
    const job = await harness.inState(jobId, 'failed');
    expect(job.failedReason).toMatch(/error 190/);
    expect(job.attemptsMade).toBe(1);
    expect((await harness.channelRow(channel.id)).lastTemplateSyncError).toMatch(/190.*access token/);

    const scheduled = await harness.sync(channel, 'schedule');
    expect(scheduled.returnvalue).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/190/) });
  });

  it('schedules a repeatable sync per active channel, which syncs at once, and drops it when the channel goes inactive', async () => {
    const channel = await harness.channel();
    const inactive = await harness.channel({ active: false });
    await harness.metaTemplates(channel.wabaId, [bodyTemplate('scheduled_one')]);

    await harness.schedules.reconcile();

    const queue = harness.queues.queue(QueueName.TemplateSync);
    expect(await queue.getJobScheduler(templateSchedulerId(channel.id))).toMatchObject({ every: TEST_SETTINGS.scheduleEveryMs, name: JobName.SyncTemplates });
    expect(await queue.getJobScheduler(templateSchedulerId(inactive.id))).toBeUndefined();
    await waitFor(async () => (await harness.row(channel.wabaId, 'scheduled_one')) ?? undefined, 20_000, 'the scheduled sync');
    expect(await harness.schedules.reconcile()).toEqual({ added: 0, removed: 0 });

    await harness.dataSource.getRepository(ChannelEntity).update({ id: channel.id }, { active: false });
    await harness.schedules.refresh(channel.id);
    expect(await queue.getJobScheduler(templateSchedulerId(channel.id))).toBeUndefined();
  });

  it('answers every job, even for a channel that no longer exists', async () => {
    const channel = await harness.channel();
    await harness.dataSource.getRepository(ChannelEntity).delete({ id: channel.id });
    const job = await harness.sync(channel);
    expect(job.returnvalue as Json).toMatchObject({ outcome: 'skipped', error: 'channel_not_found' });
  });
});
