import { Inject, Injectable } from '@nestjs/common';
import { SENDER_SETTINGS, SenderSettings } from '../sender.settings';
import { RecipientRepository } from './recipient.repository';

interface Waiting {
  channelId: string;
  waId: string;
  resolve(optedOut: boolean): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 500;

/**
 * Whether a recipient opted out, asked at send time (an opt-out after the
 * message was queued still stops it). Lookups arriving within a couple of
 * milliseconds share one query, so a thousand sends a second cost a few
 * hundred small queries, not a thousand.
 */
@Injectable()
export class OptOutChecker {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly recipients: RecipientRepository,
    @Inject(SENDER_SETTINGS) private readonly settings: SenderSettings,
  ) {}

  isOptedOut(channelId: string, waId: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ channelId, waId, resolve, reject });
      if (this.waiting.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.settings.optOutBatchMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.recipients.optedOut(batch).then(
      (optedOut) => batch.forEach((entry) => entry.resolve(optedOut.has(`${entry.channelId}:${entry.waId}`))),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  }
}
