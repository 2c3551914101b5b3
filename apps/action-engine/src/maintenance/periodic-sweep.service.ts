import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '@wabus/config';
import { APP_CONFIG, LOGGER, REDIS } from '@wabus/service';
import { ApprovalDecisions } from '../approvals/approval-decisions.service';
import { ApprovalsRepository } from '../approvals/approvals.repository';
import { CallbackDeliveries } from '../callbacks/callback-deliveries.service';
import { DeliveriesRepository } from '../callbacks/deliveries.repository';

export const SWEEP_INTERVAL_MS = 15_000;
const BATCH = 200;
/** A pending delivery untouched this long has lost its job (its next retry would have touched it). */
const STUCK_AFTER_MS = 10 * 60_000;
const REPUBLISH_WINDOW_MS = 5 * 60_000;
/** Deletes the lock only if it is still ours. */
const RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

export interface SweepReport {
  expired: number;
  republished: number;
  resumed: number;
}

/**
 * Every 15 s, on one replica at a time (a Redis lock): expires pending
 * approvals past their expiry (publishing `approval.decided` with status
 * expired), publishes again the events of approvals expired lately (in case
 * a crash came between the two), and queues again pending deliveries whose
 * job was lost. A timer rather than a repeatable BullMQ job: job names are
 * wire data owned by libs/queues, and a missed tick costs nothing but delay.
 */
@Injectable()
export class PeriodicSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepReport> | undefined;

  constructor(
    private readonly decisions: ApprovalDecisions,
    private readonly approvals: ApprovalsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly callbacks: CallbackDeliveries,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep now, unless another replica is sweeping (the lock expires by itself if its holder dies). */
  async sweepOnce(): Promise<SweepReport | null> {
    const lock = `${this.config.queuePrefix}:action-engine:sweep`;
    const token = randomUUID();
    const taken = await this.redis.set(lock, token, 'PX', SWEEP_INTERVAL_MS, 'NX');
    if (taken !== 'OK') return null;
    this.running = this.sweep();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
      await this.redis.eval(RELEASE_LOCK, 1, lock, token);
    }
  }

  private async tick(): Promise<void> {
    try {
      const report = await this.sweepOnce();
      if (report && (report.expired || report.resumed)) this.logger.info(report, 'periodic sweep');
    } catch (error) {
      this.logger.warn({ err: error }, 'periodic sweep failed; the next one will try again');
    }
  }

  private async sweep(): Promise<SweepReport> {
    const expired = await this.decisions.expire(undefined, BATCH);
    const recent = await this.approvals.expiredSince(new Date(Date.now() - REPUBLISH_WINDOW_MS), BATCH);
    for (const approval of recent) await this.decisions.publish(approval, null);
    const resumed = await this.callbacks.resume(await this.deliveries.stuck(new Date(Date.now() - STUCK_AFTER_MS), BATCH));
    return { expired: expired.length, republished: recent.length, resumed };
  }
}
