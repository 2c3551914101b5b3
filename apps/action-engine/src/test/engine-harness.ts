import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { ButtonActionEntity, ChannelEntity, ContactEntity, ConversationEntity, EventSubscriptionEntity, MessageEntity, SecretBox } from '@wabus/persistence';
import { DomainEventJob, JobName, JobQueues, QueueName } from '@wabus/queues';
import { createServiceApp, ServiceApp } from '@wabus/service';
import { scratchDatabaseUrl, testConfig, waitFor } from '@wabus/testing';
import { ACTION_ENGINE_SERVICE } from '../action-engine.service-definition';
import { ButtonActionDirectory } from '../directories/button-action-directory';
import { SubscriptionDirectory } from '../directories/subscription-directory';

export { waitFor };

export interface Thread {
  channelId: string;
  contactId: string;
  conversationId: string;
  phone: string;
}

export interface EngineHarness {
  service: ServiceApp;
  config: AppConfig;
  queues: JobQueues;
  db: DataSource;
  secrets: SecretBox;
  thread(overrides?: { phone?: string; name?: string }): Promise<Thread>;
  /** An inbound tap message as store records it; returns its id. */
  tapMessage(thread: Thread, replyId: string, replyTitle?: string): Promise<string>;
  /** The `interaction.received` store would emit for that tap. */
  interaction(thread: Thread, messageId: string, replyId: string, extra?: Record<string, unknown>): DomainEventJob;
  /** Puts an event on the events queue in a batch of one (job id = event id), or under another job id (a second delivery). */
  publish(event: DomainEventJob, jobId?: string): Promise<void>;
  /** Waits until every job of the events and callbacks queues has finished. */
  settle(): Promise<void>;
  outboundJobs(channelId: string): Promise<Job[]>;
  subscribe(input: { url: string; events: string[]; channelId?: string | null; secret?: string }): Promise<{ id: string; secret: string }>;
  /** Saves a button action as the API would, and waits until the engine knows it. */
  saveAction(input: Partial<ButtonActionEntity> & Pick<ButtonActionEntity, 'type' | 'config'>): Promise<ButtonActionEntity>;
  close(): Promise<void>;
}

/** The real action engine in-process, on the run's database and its own queue prefix. */
export async function startEngine(overrides: Partial<AppConfig> = {}): Promise<EngineHarness> {
  // Its own database: the engine caches every active subscription and button
  // action, so another suite's rows (and their dead receivers) must not be seen.
  const suite = randomUUID().slice(0, 8);
  const config = testConfig('action-engine', {
    queuePrefix: `${process.env.WABUS_QUEUE_PREFIX}-ae-${suite}`,
    databaseUrl: scratchDatabaseUrl(`ae_${suite}`),
    logLevel: 'error',
    ...overrides,
  });
  const service = await createServiceApp(ACTION_ENGINE_SERVICE, config);
  const queues = service.app.get(JobQueues);
  const db = service.app.get(DataSource);
  const secrets = service.app.get(SecretBox);
  let eventsSeen = 0;

  return {
    service,
    config,
    queues,
    db,
    secrets,
    async thread(options = {}) {
      const phone = options.phone ?? `+23480${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const channel = await db.getRepository(ChannelEntity).save({
        name: `engine test ${randomUUID().slice(0, 6)}`,
        phoneNumberId: `9${Date.now()}${Math.floor(Math.random() * 1e6)}`,
        wabaId: '424242',
        accessToken: secrets.seal('token'),
        appSecret: secrets.seal('app-secret'),
        verifyToken: secrets.seal('verify'),
      });
      const contact = await db.getRepository(ContactEntity).save({ channelId: channel.id, waId: phone.slice(1), phone, profileName: options.name ?? 'Ada' });
      const conversation = await db.getRepository(ConversationEntity).save({ channelId: channel.id, contactId: contact.id });
      return { channelId: channel.id, contactId: contact.id, conversationId: conversation.id, phone };
    },
    async tapMessage(thread, replyId, replyTitle = 'Yes') {
      const message = await db.getRepository(MessageEntity).save({
        channelId: thread.channelId,
        conversationId: thread.conversationId,
        contactId: thread.contactId,
        direction: 'in',
        type: 'interactive',
        status: 'received',
        waMessageId: `wamid.${randomBytes(12).toString('hex')}`,
        text: replyTitle,
        replyId,
      });
      return message.id;
    },
    interaction(thread, messageId, replyId, extra = {}) {
      return {
        v: 1,
        eventId: randomUUID(),
        type: 'interaction.received',
        occurredAt: new Date().toISOString(),
        data: {
          messageId,
          channelId: thread.channelId,
          contactId: thread.contactId,
          conversationId: thread.conversationId,
          phone: thread.phone,
          replyId,
          replyTitle: 'Yes',
          contextWaMessageId: null,
          contextMessageId: null,
          ...extra,
        },
      };
    },
    async publish(event, jobId = event.eventId) {
      eventsSeen += 1;
      await queues.enqueue(JobName.DomainEvents, { v: 1, events: [event] }, { jobId });
    },
    async settle() {
      await waitFor(
        async () => {
          const counts = await Promise.all(
            [QueueName.Events, QueueName.Callbacks].map((name) => queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
          );
          return counts.every((count) => Object.values(count).every((value) => value === 0));
        },
        20_000,
        `the events and callbacks queues to be idle (${eventsSeen} events published)`,
      );
    },
    async outboundJobs(channelId) {
      const jobs = await queues.queue(QueueName.Outbound).getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
      return jobs.filter((job) => job?.data?.channelId === channelId);
    },
    async subscribe(input) {
      const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
      const saved = await db.getRepository(EventSubscriptionEntity).save({ url: input.url, events: input.events, channelId: input.channelId ?? null, secret: secrets.seal(secret) });
      // The engine hears of it by NOTIFY within milliseconds; a test does not race that.
      await service.app.get(SubscriptionDirectory).refresh();
      return { id: saved.id, secret };
    },
    async saveAction(input) {
      const saved = await db
        .getRepository(ButtonActionEntity)
        .save({ name: `${input.type} test`, buttonId: `btn-${randomUUID().slice(0, 8)}`, channelId: null, active: true, sequence: 0, ...input });
      // The engine hears of it by NOTIFY within milliseconds; a test does not race that.
      await service.app.get(ButtonActionDirectory).refresh();
      return saved;
    },
    async close() {
      await service.app.close();
    },
  };
}

export interface ReceivedCallback {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  /** Answer this status to the next `count` requests (default 500). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

/** A business service's webhook endpoint: records raw bodies and headers, answers 200 unless told to fail. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  let failures = 0;
  let failStatus = 500;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        response.writeHead(failStatus).end('not now');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ path: request.url ?? '/', headers: request.headers, raw, json: JSON.parse(raw) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(count, status = 500) {
      failures = count;
      failStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
