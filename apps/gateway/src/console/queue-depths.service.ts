import { Injectable } from '@nestjs/common';
import { JobQueues, QueueName } from '@wabus/queues';

/** BullMQ's job states that an operator watches; `completed` and `failed` are the bounded recent history. */
const COUNTED_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;
export type QueueDepthState = (typeof COUNTED_STATES)[number];

export type QueueDepth = { queue: QueueName } & Record<QueueDepthState, number>;

/** How much work waits in each queue: read-only, straight from Redis. */
@Injectable()
export class QueueDepthsService {
  constructor(private readonly queues: JobQueues) {}

  async depths(): Promise<QueueDepth[]> {
    return Promise.all(
      Object.values(QueueName).map(async (queue) => {
        const counts = await this.queues.queue(queue).getJobCounts(...COUNTED_STATES);
        const depth = { queue } as QueueDepth;
        for (const state of COUNTED_STATES) depth[state] = counts[state] ?? 0;
        return depth;
      }),
    );
  }
}
