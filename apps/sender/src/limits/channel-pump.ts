import type { AcquireResult, SendLimits, WaitReason } from './send-limits';

/** What a job waiting in the pump gets: a send permit, or the advice to wait outside the worker. */
export type Admission = { kind: 'send'; grant: Extract<AcquireResult, { kind: 'send' }> } | { kind: 'park'; waitMs: number; reason: WaitReason };

// Ready jobs asked for in one round trip; at 1,000 msg/s a batch rarely holds more than the catch-up burst.
const BATCH = 64;

export interface PumpSettings {
  /** An open breaker's wait up to this long is slept by the pump; a longer one sends every waiting job out to wait in the queue. */
  maxWaitMs: number;
  /** How many seconds of sending a channel's ready queue holds (so returning jobs are not late for capacity). */
  readySeconds: number;
  minReady: number;
  maxReady: number;
}

interface Waiter {
  jobId: string;
  waId: string;
  resolve(admission: Admission): void;
  reject(error: unknown): void;
}

/**
 * One channel's jobs that are ready to go (checked, waiting only for the
 * limits), in this process, in arrival order. One loop asks Redis for each
 * head in turn and sleeps when told to wait, so the waits of a channel are one
 * timer, not one per job, and a loop that wakes late simply sends then: no
 * slot to lose, and the GCRA's burst lets it catch up. A recipient held by its
 * pair limit leaves the queue (it waits in BullMQ with its pair slot booked)
 * without holding up the others.
 */
export class ChannelPump {
  private readonly ready: Waiter[] = [];
  private running = false;

  constructor(
    private readonly channelId: string,
    private readonly limits: SendLimits,
    private readonly settings: PumpSettings,
    private level: number,
  ) {}

  /** The most jobs the ready queue holds before new ones are parked in the queue. */
  get capacity(): number {
    return Math.min(this.settings.maxReady, Math.max(this.settings.minReady, Math.ceil(this.level * this.settings.readySeconds)));
  }

  get size(): number {
    return this.ready.length;
  }

  get isFull(): boolean {
    return this.ready.length >= this.capacity;
  }

  /** How long a full ready queue takes to drain at the channel's level: parked jobs come back after that. */
  get horizonMs(): number {
    return (this.capacity / Math.max(1, this.level)) * 1000;
  }

  admit(jobId: string, waId: string, level: number): Promise<Admission> {
    this.level = level;
    return new Promise((resolve, reject) => {
      this.ready.push({ jobId, waId, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.ready.length > 0) {
        const heads = this.ready.slice(0, BATCH);
        const result = await this.limits.acquireBatch({ channelId: this.channelId, level: this.level, jobs: heads.map(({ jobId, waId }) => ({ jobId, waId })) });
        this.ready.splice(0, result.outcomes.length);
        result.outcomes.forEach((outcome, index) =>
          heads[index].resolve(outcome.kind === 'send' ? { kind: 'send', grant: outcome } : { kind: 'park', waitMs: outcome.waitMs, reason: 'pair' }),
        );
        const stop = result.stop;
        if (!stop) continue;
        if (stop.reason === 'circuit_open' && stop.waitMs > this.settings.maxWaitMs) {
          // Everyone would wait this long (an open breaker): they wait in the queue, not in the worker.
          for (const waiter of this.ready.splice(0)) waiter.resolve({ kind: 'park', waitMs: stop.waitMs, reason: stop.reason });
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, stop.waitMs));
      }
    } catch (error) {
      for (const waiter of this.ready.splice(0)) waiter.reject(error);
    } finally {
      this.running = false;
    }
  }
}

/** The pumps of this process, one per channel that has ready jobs (an idle pump holds nothing). */
export class ChannelPumps {
  private readonly pumps = new Map<string, ChannelPump>();

  constructor(
    private readonly limits: SendLimits,
    private readonly settings: PumpSettings,
  ) {}

  for(channelId: string, level: number): ChannelPump {
    let pump = this.pumps.get(channelId);
    if (!pump) {
      if (this.pumps.size > 10_000) for (const [id, idle] of this.pumps) if (idle.size === 0) this.pumps.delete(id);
      pump = new ChannelPump(channelId, this.limits, this.settings, level);
      this.pumps.set(channelId, pump);
    }
    return pump;
  }
}
