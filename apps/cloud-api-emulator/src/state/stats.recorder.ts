function bump(counts: Record<string, number>, key: string | number, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** Run-wide counters behind `GET /_emulator/stats` (per-number counts live on NumberState). */
export class StatsRecorder {
  startedAtMs = Date.now();
  sendsAccepted = 0;
  sendsRejected = 0;
  readReceipts = 0;
  readonly sendsByType: Record<string, number> = {};
  readonly rejectionsByCode: Record<string, number> = {};
  readonly asyncFailuresByCode: Record<string, number> = {};
  inbound = 0;
  clicks = 0;
  webhookAttempts = 0;
  webhookDelivered = 0;
  webhookChangesDelivered = 0;
  webhookRetries = 0;
  webhookFailed = 0;
  webhookDuplicates = 0;
  webhookDropped = 0;
  templateStatusUpdates = 0;
  mediaUploads = 0;

  accepted(type: string): void {
    this.sendsAccepted++;
    bump(this.sendsByType, type);
  }

  rejected(code: number): void {
    this.sendsRejected++;
    bump(this.rejectionsByCode, code);
  }

  asyncFailure(code: number): void {
    bump(this.asyncFailuresByCode, code);
  }

  reset(): void {
    Object.assign(this, new StatsRecorder());
  }
}
