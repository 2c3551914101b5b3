import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { ChannelEntity, SecretBox, TemplateEntity } from '@wabus/persistence';
import { JobName, JobQueues, QueueName, type SyncTemplatesJob } from '@wabus/queues';
import { createServiceApp, Metrics } from '@wabus/service';
import { scratchDatabaseUrl, testConfig, waitFor } from '@wabus/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests start the emulator in-process as their oracle; production code never imports another app.
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from '../../../cloud-api-emulator/src/emulator.module';
import { TemplateSchedules } from '../schedule/template-schedules';
import { TEMPLATE_SYNC_SERVICE } from '../template-sync.service-definition';
import { TemplateSyncModule } from '../template-sync.module';
import type { TemplateSyncSettings } from '../template-sync.settings';
import { GraphFaultProxy } from './graph-fault-proxy';

export { waitFor };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface TestChannel {
  id: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
}

/** Short waits so failures and retries show up in milliseconds. */
export const TEST_SETTINGS: Partial<TemplateSyncSettings> = {
  pageSize: 50,
  pageAttempts: 3,
  pageBackoffMs: 20,
  pageBackoffMaxMs: 100,
  lockTtlMs: 3_000,
  // Long enough that no scheduled run fires during a test unless a test asks for one.
  scheduleEveryMs: 60 * 60 * 1000,
  reconcileEveryMs: 60 * 60 * 1000,
  rateLimitDelayMs: 60_000,
};

let counter = 0;

/**
 * template-sync and the cloud-api-emulator in this process, with a fault
 * proxy between them, on their own queue prefix and their own database (so
 * the schedules see this suite's channels only).
 */
export class TemplateSyncHarness {
  private constructor(
    readonly emulator: NestFastifyApplication,
    readonly emulatorUrl: string,
    readonly proxy: GraphFaultProxy,
    readonly service: NestFastifyApplication,
    readonly config: AppConfig,
  ) {}

  static async start(settings: Partial<TemplateSyncSettings> = {}): Promise<TemplateSyncHarness> {
    const { app: emulator } = await createServiceApp(
      { name: 'cloud-api-emulator', module: EmulatorModule, bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES },
      testConfig('cloud-api-emulator', { logLevel: 'error' }),
    );
    await emulator.listen({ port: 0, host: '127.0.0.1' });
    const emulatorUrl = (await emulator.getUrl()).replace('[::1]', '127.0.0.1');
    const proxy = await GraphFaultProxy.start(emulatorUrl);
    const suffix = randomUUID().slice(0, 8);
    const config = testConfig('template-sync', {
      queuePrefix: `${process.env.WABUS_QUEUE_PREFIX}-ts-${suffix}`,
      databaseUrl: scratchDatabaseUrl(`ts_${suffix}`),
      logLevel: 'error',
    });
    const { app: service } = await createServiceApp({ ...TEMPLATE_SYNC_SERVICE, module: TemplateSyncModule.withSettings({ ...TEST_SETTINGS, ...settings }) }, config);
    return new TemplateSyncHarness(emulator, emulatorUrl, proxy, service, config);
  }

  get dataSource(): DataSource {
    return this.service.get(DataSource);
  }

  get queues(): JobQueues {
    return this.service.get(JobQueues);
  }

  get schedules(): TemplateSchedules {
    return this.service.get(TemplateSchedules);
  }

  /** A business number at the emulator and its channel (token sealed as the gateway seals it), calling Graph through the proxy. */
  async channel(options: { wabaId?: string; accessToken?: string; active?: boolean; register?: boolean } = {}): Promise<TestChannel> {
    counter++;
    const n = `${Date.now() % 1_000_000}${counter}`;
    const channel = { phoneNumberId: `41${n}`, wabaId: options.wabaId ?? `42${n}`, accessToken: `token-${n}-${randomUUID()}` };
    if (options.register !== false) {
      await this.emulatorCall('POST', '/_emulator/phone-numbers', { ...channel, appSecret: `secret-${n}`, webhookUrl: 'http://127.0.0.1:9/unused', verifyToken: `verify-${n}`, throughputMps: 80 });
    }
    const box = new SecretBox({ current: this.config.secretKey });
    const row = await this.dataSource.getRepository(ChannelEntity).save({
      name: `template sync ${n}`,
      phoneNumberId: channel.phoneNumberId,
      wabaId: channel.wabaId,
      accessToken: box.seal(options.accessToken ?? channel.accessToken),
      appSecret: box.seal(`secret-${n}`),
      verifyToken: box.seal(`verify-${n}`),
      apiVersion: 'v23.0',
      graphBaseUrl: this.proxy.url,
      active: options.active ?? true,
    });
    return { id: row.id, ...channel };
  }

  /** Templates at Meta (the emulator), APPROVED unless said otherwise. */
  async metaTemplates(wabaId: string, templates: Json[]): Promise<Json[]> {
    const stored: Json[] = [];
    // Several requests: a 1,200-template body is fine, but keep each one modest.
    for (let start = 0; start < templates.length; start += 400) {
      stored.push(...(await this.emulatorCall('POST', '/_emulator/templates', { wabaId, templates: templates.slice(start, start + 400) })).data);
    }
    return stored;
  }

  async enqueue(channel: TestChannel, reason: SyncTemplatesJob['reason'] = 'api', options: { deduplicationId?: string; jobId?: string } = {}): Promise<string> {
    return this.queues.enqueue(JobName.SyncTemplates, { v: 1, channelId: channel.id, reason }, options);
  }

  job(jobId: string): Promise<Job | undefined> {
    return this.queues.queue(QueueName.TemplateSync).getJob(jobId);
  }

  /** The job once it completed (or failed, which fails the test with its reason). */
  async finished(jobId: string, timeoutMs = 30_000): Promise<Job> {
    return waitFor(
      async () => {
        const state = await this.queues.queue(QueueName.TemplateSync).getJobState(jobId);
        if (state !== 'completed' && state !== 'failed') return undefined;
        // Read after the state: a job read before it finished has no return value yet.
        const job = await this.job(jobId);
        if (state === 'failed') throw new Error(`sync job ${jobId} failed: ${job?.failedReason}`);
        return job;
      },
      timeoutMs,
      `sync job ${jobId} to complete`,
    );
  }

  /** The job once it is in `state`, read after it got there. */
  async inState(jobId: string, state: 'delayed' | 'failed', timeoutMs = 20_000): Promise<Job> {
    return waitFor(
      async () => ((await this.queues.queue(QueueName.TemplateSync).getJobState(jobId)) === state ? this.job(jobId) : undefined),
      timeoutMs,
      `sync job ${jobId} to be ${state}`,
    );
  }

  async sync(channel: TestChannel, reason: SyncTemplatesJob['reason'] = 'api'): Promise<Job> {
    return this.finished(await this.enqueue(channel, reason));
  }

  async rows(wabaId: string): Promise<TemplateEntity[]> {
    return this.dataSource.getRepository(TemplateEntity).find({ where: { wabaId }, order: { name: 'ASC', language: 'ASC' } });
  }

  async row(wabaId: string, name: string, language = 'en_US'): Promise<TemplateEntity | null> {
    return this.dataSource.getRepository(TemplateEntity).findOne({ where: { wabaId, name, language } });
  }

  async channelRow(id: string): Promise<ChannelEntity> {
    return this.dataSource.getRepository(ChannelEntity).findOneOrFail({ where: { id } });
  }

  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = await this.service.get(Metrics).registry.getSingleMetric(name)?.get();
    const values = (metric?.values ?? []).filter((value) => Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected));
    return values.reduce((sum, value) => sum + value.value, 0);
  }

  async emulatorCall(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> {
    const response = await this.emulator
      .getHttpAdapter()
      .getInstance()
      .inject({ method, url: path, headers, ...(body === undefined ? {} : { payload: body as object }) });
    if (response.statusCode >= 300) throw new Error(`${method} ${path} answered ${response.statusCode}: ${response.body}`);
    return response.body ? JSON.parse(response.body) : undefined;
  }

  async close(): Promise<void> {
    await this.queues.queue(QueueName.TemplateSync).obliterate({ force: true }).catch(() => undefined);
    await this.service.close();
    await this.emulator.close();
    await this.proxy.close();
  }
}

/** A Meta template with a body of `variables` positional variables. */
export function bodyTemplate(name: string, fields: Json = {}): Json {
  return {
    name,
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Hello {{1}}, your order {{2}} is ready.', example: { body_text: [['Ada', '#42']] } },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.test/t/{{1}}', example: ['https://shop.test/t/abc'] }] },
    ],
    ...fields,
  };
}
