import { randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '@wabus/config';
import { JobQueues, QueueName } from '@wabus/queues';
import { createServiceApp, ServiceApp } from '@wabus/service';
import { testConfig } from '@wabus/testing';
import { GATEWAY_SERVICE } from '../gateway.service-definition';

/** A parsed answer; `json` is loosely typed on purpose: tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiResponse = { status: number; json: any; text: string; headers: Headers };

export interface GatewayHarness {
  service: ServiceApp;
  url: string;
  adminKey: string;
  queues: JobQueues;
  api(method: string, path: string, body?: unknown, key?: string): Promise<ApiResponse>;
  inboundJobCount(): Promise<number>;
  close(): Promise<void>;
}

/** The real gateway in-process on a free port, on the run's database and queue prefix. */
export async function startGateway(overrides: Partial<AppConfig> = {}): Promise<GatewayHarness> {
  const adminKey = `wabus_test_admin_${randomBytes(16).toString('hex')}`;
  // Its own queue prefix, so counting jobs sees only this suite's deliveries.
  const config = testConfig('gateway', { bootstrapApiKey: adminKey, queuePrefix: `${process.env.WABUS_QUEUE_PREFIX}-gw-${randomUUID().slice(0, 8)}`, ...overrides });
  const service = await createServiceApp(GATEWAY_SERVICE, config);
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const url = await service.app.getUrl();
  const queues = service.app.get(JobQueues);
  return {
    service,
    url,
    adminKey,
    queues,
    async api(method, path, body, key = adminKey) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text, headers: response.headers };
    },
    async inboundJobCount() {
      const counts = await queues.queue(QueueName.Inbound).getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    async close() {
      await queues.queue(QueueName.Inbound).obliterate({ force: true }).catch(() => undefined);
      await service.app.close();
    },
  };
}
