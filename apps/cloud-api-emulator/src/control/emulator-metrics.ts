import { Injectable, OnModuleInit } from '@nestjs/common';
import { Metrics } from '@wabus/service';
import { StatsRecorder } from '../state/stats.recorder';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';

/**
 * Prometheus view of the emulator's counters. Read from StatsRecorder at
 * scrape time, so the send path pays nothing for metrics.
 */
@Injectable()
export class EmulatorMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly stats: StatsRecorder,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  onModuleInit(): void {
    const stats = this.stats;
    const dispatcher = this.dispatcher;
    this.metrics.gauge({
      name: 'wabus_emulator_sends',
      help: 'Sends received by the emulator since start or reset, by verdict.',
      labelNames: ['verdict'],
      collect() {
        this.set({ verdict: 'accepted' }, stats.sendsAccepted);
        this.set({ verdict: 'rejected' }, stats.sendsRejected);
      },
    });
    this.metrics.gauge({
      name: 'wabus_emulator_rejections',
      help: 'Refused sends since start or reset, by Meta error code.',
      labelNames: ['code'],
      collect() {
        for (const [code, count] of Object.entries(stats.rejectionsByCode)) this.set({ code }, count);
      },
    });
    this.metrics.gauge({
      name: 'wabus_emulator_webhooks',
      help: 'Webhook deliveries since start or reset, by outcome; pending is the current backlog of changes.',
      labelNames: ['outcome'],
      collect() {
        this.set({ outcome: 'delivered' }, stats.webhookDelivered);
        this.set({ outcome: 'retried' }, stats.webhookRetries);
        this.set({ outcome: 'failed' }, stats.webhookFailed);
        this.set({ outcome: 'duplicated' }, stats.webhookDuplicates);
        this.set({ outcome: 'dropped' }, stats.webhookDropped);
        this.set({ outcome: 'pending' }, dispatcher.pendingChanges);
      },
    });
  }
}
