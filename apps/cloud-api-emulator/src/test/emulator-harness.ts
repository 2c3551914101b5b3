import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@wabus/service';
import { testConfig, waitFor } from '@wabus/testing';
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from '../emulator.module';

export { waitFor };

/** Response and webhook bodies, read deep in assertions; their exact shape is what the tests check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Emulator {
  app: NestFastifyApplication;
  url: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    json: Json;
    text: string;
    headers: Record<string, unknown>;
  }>;
  close(): Promise<void>;
}

/** The real emulator app on a random port, as `npm start` runs it (logs quiet). */
export async function startEmulator(): Promise<Emulator> {
  const { app } = await createServiceApp(
    {
      name: 'cloud-api-emulator',
      module: EmulatorModule,
      bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES,
    },
    testConfig('cloud-api-emulator', { logLevel: 'warn' }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const fastify = app.getHttpAdapter().getInstance();
  return {
    app,
    url,
    async request(method, path, body, headers = {}) {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const response = await fastify.inject({
        method: method as 'GET',
        url: path,
        payload,
        headers: {
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      });
      let json: unknown;
      try {
        json = JSON.parse(response.body);
      } catch {
        json = undefined;
      }
      return {
        status: response.statusCode,
        json,
        text: response.body,
        headers: response.headers,
      };
    },
    close: () => app.close(),
  };
}

export interface ReceivedWebhook {
  body: Buffer;
  text: string;
  json: Json;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface WebhookSink {
  url: string;
  /** Deliveries answered 200, in arrival order. */
  received: ReceivedWebhook[];
  /** Every POST, including those answered 500. */
  attempts: (ReceivedWebhook & { answered: number })[];
  /** Answer 500 to the next `count` deliveries. */
  failNext(count: number): void;
  /** Every `messages[]` / `statuses[]` item received, in arrival order. */
  items(kind: 'messages' | 'statuses'): Json[];
  clear(): void;
  close(): Promise<void>;
}

/** A webhook endpoint that records raw bodies and headers, as the gateway would receive them. */
export async function startWebhookSink(): Promise<WebhookSink> {
  const received: ReceivedWebhook[] = [];
  const attempts: (ReceivedWebhook & { answered: number })[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const webhook = { body, text, json: JSON.parse(text), headers: req.headers, at: Date.now() };
      const answered = failures > 0 ? 500 : 200;
      attempts.push({ ...webhook, answered });
      if (answered === 500) {
        failures--;
        res.writeHead(500).end('try again');
        return;
      }
      received.push(webhook);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/whatsapp/test`,
    received,
    attempts,
    failNext(count) {
      failures = count;
    },
    items(kind) {
      return received.flatMap((hook) => hook.json.entry.flatMap((entry: Json) => entry.changes.flatMap((change: Json) => change.value[kind] ?? [])));
    },
    clear() {
      received.length = 0;
      attempts.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Meta's signature computed independently of libs/whatsapp: plain node:crypto over the raw bytes. */
export function expectedSignature(appSecret: string, body: Buffer): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex');
}

let counter = 0;

/** A fresh business number with its own ids, token and secret. */
export function numberFixture(webhookUrl: string, overrides: Record<string, unknown> = {}) {
  counter++;
  const n = `${Date.now() % 1_000_000}${counter}`;
  return {
    phoneNumberId: `10${n}`,
    wabaId: `20${n}`,
    accessToken: `token-${n}`,
    appSecret: `secret-${n}`,
    webhookUrl,
    verifyToken: `verify-${n}`,
    throughputMps: 80,
    displayPhoneNumber: '15550783881',
    ...overrides,
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

interface MetaErrorExpectation {
  code: number;
  message: string;
  /** Omitted for Graph-level errors (token, unknown node), which carry no error_data. */
  details?: string | ReturnType<typeof expect.stringContaining>;
  type?: 'OAuthException' | 'GraphMethodException';
  subcode?: number;
}

/** Meta's synchronous error envelope, exactly (whatsapp-cloud-api.md §3.1): no key more, no key less. */
export function metaError(expected: MetaErrorExpectation): Json {
  const error: Json = { message: expected.message, type: expected.type ?? 'OAuthException', code: expected.code };
  if (expected.details !== undefined) error.error_data = { messaging_product: 'whatsapp', details: expected.details };
  if (expected.subcode !== undefined) error.error_subcode = expected.subcode;
  error.fbtrace_id = expect.stringMatching(/^A[A-Za-z0-9_-]{22}$/);
  return { error };
}

export type NumberFixture = ReturnType<typeof numberFixture>;

/** Registers a fresh number whose webhooks go to `sink`. */
export async function registerNumber(emulator: Emulator, sink: WebhookSink, overrides: Record<string, unknown> = {}): Promise<NumberFixture> {
  const number = numberFixture(sink.url, overrides);
  const response = await emulator.request('POST', '/_emulator/phone-numbers', number);
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${response.text}`);
  return number;
}

/** Resolves once every scheduled, queued and retried webhook has been delivered or given up. */
export async function webhooksSettled(emulator: Emulator): Promise<void> {
  await waitFor(async () => (await emulator.request('GET', '/_emulator/stats')).json.webhooks.pending === 0, 15_000, 'webhooks settled');
}
