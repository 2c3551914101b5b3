import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { ChannelEntity, ContactEntity, ConversationEntity, DeadLetterEntity, SecretBox, TemplateEntity } from '@wabus/persistence';
import { JobName, JobQueues, QueueName, RecordOutboundJob, RedisKeys, submitOutboundMessage, type OutboundSubmission } from '@wabus/queues';
import { createServiceApp, Metrics, REDIS } from '@wabus/service';
import { testConfig, waitFor } from '@wabus/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests start the emulator in-process as their oracle; production code never imports another app.
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from '../../../cloud-api-emulator/src/emulator.module';
import { SENDER_SERVICE } from '../sender.service-definition';
import { SenderModule } from '../sender.module';
import type { SenderSettingsOverrides } from '../sender.settings';

export { waitFor };

/** Emulator answers, read deep in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface TestChannel {
  id: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
}

export interface OutboxRow {
  id: string | null;
  phoneNumberId: string;
  to: string | null;
  receivedAt: string;
  body: Json;
  verdict: 'accepted' | { error: Json };
}

let counter = 0;

/**
 * The sender and the cloud-api-emulator in this process, on their own queue
 * prefix, with helpers that speak the queues (records), the emulator's
 * control routes and the database — so tests wait for outcomes, never for time.
 */
export class SenderHarness {
  private constructor(
    readonly emulator: NestFastifyApplication,
    readonly emulatorUrl: string,
    readonly sender: NestFastifyApplication,
    readonly config: AppConfig,
    private readonly sink: Server,
    private readonly sinkUrl: string,
  ) {}

  static async start(settings: SenderSettingsOverrides = {}): Promise<SenderHarness> {
    const sink = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/webhooks`;
    const { app: emulator } = await createServiceApp(
      { name: 'cloud-api-emulator', module: EmulatorModule, bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES },
      { ...testConfig('cloud-api-emulator'), port: 0 },
    );
    await emulator.listen({ port: 0, host: '127.0.0.1' });
    const emulatorUrl = (await emulator.getUrl()).replace('[::1]', '127.0.0.1');
    const config = testConfig('sender', { queuePrefix: `${process.env.WABUS_QUEUE_PREFIX}-sender-${randomUUID().slice(0, 8)}` });
    const { app: sender } = await createServiceApp({ ...SENDER_SERVICE, module: SenderModule.withSettings(settings) }, config);
    return new SenderHarness(emulator, emulatorUrl, sender, config, sink, sinkUrl);
  }

  get dataSource(): DataSource {
    return this.sender.get(DataSource);
  }

  get queues(): JobQueues {
    return this.sender.get(JobQueues);
  }

  get redis(): Redis {
    return this.sender.get<symbol, Redis>(REDIS);
  }

  /** A business number at the emulator and its channel in the database (token sealed as the gateway seals it). */
  async channel(options: { throughputMps?: number; emulatorMps?: number; pairRateLimit?: { capacity: number; refillIntervalMs: number }; active?: boolean } = {}): Promise<TestChannel> {
    counter++;
    const n = `${Date.now() % 1_000_000}${counter}`;
    const channel = { phoneNumberId: `10${n}`, wabaId: `20${n}`, accessToken: `token-${n}-${randomUUID()}` };
    await this.emulatorCall('POST', '/_emulator/phone-numbers', {
      ...channel,
      appSecret: `secret-${n}`,
      webhookUrl: this.sinkUrl,
      verifyToken: `verify-${n}`,
      throughputMps: options.emulatorMps ?? options.throughputMps ?? 80,
      displayPhoneNumber: `1555${n.slice(-7).padStart(7, '0')}`,
      ...(options.pairRateLimit ? { pairRateLimit: options.pairRateLimit } : {}),
    });
    const box = new SecretBox({ current: this.config.secretKey });
    const row = await this.dataSource.getRepository(ChannelEntity).save({
      name: `test ${n}`,
      phoneNumberId: channel.phoneNumberId,
      wabaId: channel.wabaId,
      accessToken: box.seal(channel.accessToken),
      appSecret: box.seal(`secret-${n}`),
      verifyToken: box.seal(`verify-${n}`),
      apiVersion: 'v23.0',
      graphBaseUrl: this.emulatorUrl,
      throughputMps: options.throughputMps ?? 80,
      active: options.active ?? true,
    });
    return { id: row.id, ...channel };
  }

  /** What `store` does when the customer writes: the window opens (Redis key) — and at the emulator, so Meta agrees. */
  async customerWrites(channel: TestChannel, phone: string, text = 'hello'): Promise<string> {
    await this.redis.set(RedisKeys.lastInbound(this.config.queuePrefix, channel.id, phone.replace(/\D/g, '')), String(Date.now()));
    const answer = await this.emulatorCall('POST', '/_emulator/inbound', { phoneNumberId: channel.phoneNumberId, from: phone, type: 'text', text: { body: text } });
    return answer.id as string;
  }

  async contact(channel: TestChannel, phone: string, fields: Partial<ContactEntity> = {}): Promise<ContactEntity> {
    return this.dataSource.getRepository(ContactEntity).save({ channelId: channel.id, waId: phone.replace(/\D/g, ''), phone, ...fields });
  }

  async conversation(channel: TestChannel, contact: ContactEntity, lastInboundAt: Date | null): Promise<ConversationEntity> {
    return this.dataSource.getRepository(ConversationEntity).save({ channelId: channel.id, contactId: contact.id, lastInboundAt });
  }

  async template(channel: TestChannel, definition: { name: string; language: string; status?: string; parameter_format?: 'POSITIONAL' | 'NAMED'; category?: string; components: unknown[] }, options: { syncToDatabase?: boolean } = {}): Promise<void> {
    const template = { category: 'UTILITY', status: 'APPROVED', parameter_format: 'POSITIONAL', ...definition };
    await this.emulatorCall('POST', '/_emulator/templates', { wabaId: channel.wabaId, templates: [template] });
    if (options.syncToDatabase === false) return;
    await this.dataSource.getRepository(TemplateEntity).save({
      wabaId: channel.wabaId,
      name: template.name,
      language: template.language,
      status: template.status,
      category: template.category,
      parameterFormat: template.parameter_format,
      components: template.components,
    });
  }

  /** Submits as the gateway does (queued record + send job, fair priority). */
  async submit(channel: TestChannel, message: Omit<OutboundSubmission, 'channelId'>): Promise<string> {
    const job = await submitOutboundMessage(this.queues, { channelId: channel.id, ...message });
    return job.messageId;
  }

  /**
   * Many sends in one round trip, straight onto the queue as the SDK may put
   * them (no queued record), with the fair-queueing priorities the producer
   * would give them: the test process stays idle while the sender works.
   */
  async submitMany(channel: TestChannel, messages: Array<Omit<OutboundSubmission, 'channelId' | 'to'> & { to: string }>): Promise<string[]> {
    const jobs = messages.map((message, index) => ({
      data: { v: 1 as const, messageId: randomUUID(), channelId: channel.id, to: message.to, type: message.type, payload: message.payload as Record<string, unknown>, requestedAt: new Date().toISOString() },
      priority: index + 1,
    }));
    await this.redis.sadd(RedisKeys.pendingSends(this.config.queuePrefix, channel.id), ...jobs.map((job) => job.data.messageId));
    await this.queues.enqueueBulk(JobName.SendMessage, jobs.map((job) => ({ data: job.data, options: { jobId: job.data.messageId, priority: job.priority } })));
    return jobs.map((job) => job.data.messageId);
  }

  /** The outcome the sender recorded for a message ('sent' or 'failed'), once there is one. */
  async outcome(messageId: string, timeoutMs = 20_000): Promise<RecordOutboundJob> {
    const records = this.queues.queue(QueueName.Records);
    return waitFor(
      async () => {
        const sent = await records.getJob(`sent-${messageId}`);
        if (sent) return sent.data as RecordOutboundJob;
        const failed = await records.getJob(`failed-${messageId}`);
        return failed ? (failed.data as RecordOutboundJob) : undefined;
      },
      timeoutMs,
      `an outcome for message ${messageId}`,
    );
  }

  async recorded(messageId: string): Promise<RecordOutboundJob | undefined> {
    const records = this.queues.queue(QueueName.Records);
    const job = (await records.getJob(`sent-${messageId}`)) ?? (await records.getJob(`failed-${messageId}`));
    return job?.data as RecordOutboundJob | undefined;
  }

  async outbox(phoneNumberId: string, to?: string): Promise<OutboxRow[]> {
    const query = new URLSearchParams({ phoneNumberId, ...(to ? { to } : {}) });
    return (await this.emulatorCall('GET', `/_emulator/outbox?${query.toString()}`)).data as OutboxRow[];
  }

  /** The job's dead letter, once written: that follows the failed record and BullMQ's move to failed, so it is waited for. */
  async deadLetter(jobId: string, timeoutMs = 10_000): Promise<DeadLetterEntity> {
    const deadLetters = this.dataSource.getRepository(DeadLetterEntity);
    return waitFor(async () => (await deadLetters.findOne({ where: { queue: QueueName.Outbound, jobId } })) ?? undefined, timeoutMs, `the dead letter of job ${jobId}`);
  }

  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = await this.sender.get(Metrics).registry.getSingleMetric(name)?.get();
    const values = (metric?.values ?? []).filter((value) => Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected));
    return values.reduce((sum, value) => sum + value.value, 0);
  }

  async emulatorCall(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Json> {
    const response = await this.emulator
      .getHttpAdapter()
      .getInstance()
      .inject({ method, url: path, ...(body === undefined ? {} : { payload: body as object }) });
    if (response.statusCode >= 300) throw new Error(`${method} ${path} answered ${response.statusCode}: ${response.body}`);
    return response.body ? JSON.parse(response.body) : undefined;
  }

  async close(): Promise<void> {
    await this.sender.close();
    await this.emulator.close();
    this.sink.closeAllConnections();
    await new Promise((resolve) => this.sink.close(resolve));
  }
}
