import { Injectable } from '@nestjs/common';
import { InboundWebhookJob, JobName, JobQueues } from '@wabus/queues';

interface Pending {
  job: InboundWebhookJob;
  jobId: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 100;

/**
 * Webhook deliveries arrive concurrently; adding them one by one costs one
 * Redis round trip each. Deliveries that arrive within the same turn of the
 * event loop are added together (`enqueueBulk`: one round trip), and each
 * request is answered only once its own job is in Redis.
 */
@Injectable()
export class InboundEnqueueBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly queues: JobQueues) {}

  enqueue(job: InboundWebhookJob, jobId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ job, jobId, resolve, reject });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    // Without the contract check (see `enqueueBulk`): the job is built from typed values in one place (WebhookIngressService).
    this.queues
      .enqueueBulk(
        JobName.InboundWebhook,
        batch.map((entry) => ({ data: entry.job, options: { jobId: entry.jobId } })),
        { checked: false },
      )
      .then(
        () => batch.forEach((entry) => entry.resolve()),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      );
  }
}
