import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { StatsRecorder } from '../state/stats.recorder';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';

/** `GET /_emulator/stats`: what the emulator counted since start (or the last reset). */
@Injectable()
export class StatsService {
  constructor(
    private readonly stats: StatsRecorder,
    private readonly registry: PhoneNumberRegistry,
    private readonly dispatcher: WebhookDispatcher,
    private readonly clock: EmulatorClock,
  ) {}

  snapshot(): Record<string, unknown> {
    const now = this.clock.now();
    const s = this.stats;
    const numbers: Record<string, unknown> = {};
    const peakSendsPerSecond: Record<string, number> = {};
    for (const number of this.registry.all()) {
      const id = number.settings.phoneNumberId;
      peakSendsPerSecond[id] = number.throughput.peak;
      numbers[id] = {
        accepted: number.accepted,
        rejected: number.rejected,
        rejectionsByCode: number.rejectionsByCode,
        peakSendsPerSecond: number.throughput.peak,
        sendsInLastSecond: number.throughput.countAt(now),
        throughputMps: number.settings.throughputMps,
      };
    }
    return {
      startedAt: new Date(s.startedAtMs).toISOString(),
      now: new Date(now).toISOString(),
      clockOffsetMs: this.clock.offset,
      sends: {
        total: s.sendsAccepted + s.sendsRejected,
        accepted: s.sendsAccepted,
        rejected: s.sendsRejected,
        readReceipts: s.readReceipts,
        byType: s.sendsByType,
      },
      rejectionsByCode: s.rejectionsByCode,
      asyncFailuresByCode: s.asyncFailuresByCode,
      peakSendsPerSecond,
      numbers,
      webhooks: {
        attempts: s.webhookAttempts,
        delivered: s.webhookDelivered,
        changesDelivered: s.webhookChangesDelivered,
        retries: s.webhookRetries,
        failed: s.webhookFailed,
        duplicates: s.webhookDuplicates,
        dropped: s.webhookDropped,
        pending: this.dispatcher.pendingChanges,
      },
      inbound: s.inbound,
      clicks: s.clicks,
      templateStatusUpdates: s.templateStatusUpdates,
      mediaUploads: s.mediaUploads,
    };
  }
}
