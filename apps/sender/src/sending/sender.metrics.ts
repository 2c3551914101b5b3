import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { Metrics } from '@wabus/service';

export type SendOutcome = 'sent' | 'failed' | 'already_sent' | 'retried';
export type DelayWhere = 'worker' | 'queue';

/** The sender's own metrics, besides the generic job counters of QueueWorkers. */
@Injectable()
export class SenderMetrics {
  readonly sends: Counter<'channel' | 'outcome'>;
  readonly graphDuration: Histogram<'outcome'>;
  readonly delays: Counter<'reason' | 'where'>;
  readonly queueTime: Histogram<never>;
  readonly effectiveLevel: Gauge<'channel'>;

  constructor(metrics: Metrics) {
    this.sends = metrics.counter({ name: 'wabus_sender_sends_total', help: 'Send jobs by channel and outcome (sent, failed, already_sent, retried).', labelNames: ['channel', 'outcome'] });
    this.graphDuration = metrics.histogram({
      name: 'wabus_sender_graph_request_duration_seconds',
      help: 'Graph API send latency, by outcome (ok, meta_error, transport_error).',
      labelNames: ['outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    });
    this.delays = metrics.counter({
      name: 'wabus_sender_delays_total',
      help: 'Jobs made to wait outside the ready queues, by reason (backlog, pair, circuit_open, throughput, pair_limit, maintenance) and where they waited (worker: slept in process; queue: moved to delayed).',
      labelNames: ['reason', 'where'],
    });
    this.queueTime = metrics.histogram({
      name: 'wabus_sender_time_to_send_seconds',
      help: 'From the request (requestedAt) to Meta accepting the message.',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600],
    });
    this.effectiveLevel = metrics.gauge({ name: 'wabus_sender_effective_level', help: 'Messages per second currently allowed per channel (throughputMps, lowered after 130429).', labelNames: ['channel'] });
  }
}
