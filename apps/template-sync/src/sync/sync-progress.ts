/**
 * A sync's progress, kept on the BullMQ job (`job.updateProgress`): readable
 * through `GET /v1/template-syncs/:jobId`, and the way a retried job resumes
 * where the failed attempt stopped instead of listing every page again.
 */
export interface SyncProgress {
  phase: 'listing' | 'done' | 'fresh' | 'joined' | 'skipped';
  /** The start of the current pass (ISO); every row the pass upserts carries it as synced_at. */
  passStartedAt: string | null;
  /** The `after` cursor of the next page; null on the first page. */
  after: string | null;
  pages: number;
  templates: number;
  /** Passes run by this job: a second one follows when a request came in during the first. */
  passes: number;
  deleted?: number;
  /** For `joined`: the job whose pass is running. */
  runningJobId?: string;
  reason?: string;
}

export function newPass(passes: number, now = new Date()): SyncProgress {
  return { phase: 'listing', passStartedAt: now.toISOString(), after: null, pages: 0, templates: 0, passes };
}

/** The progress of an interrupted pass of this job (a failed attempt, a stalled worker), if it can go on. */
export function resumableProgress(progress: unknown): SyncProgress | null {
  if (typeof progress !== 'object' || progress === null) return null;
  const candidate = progress as Partial<SyncProgress>;
  if (candidate.phase !== 'listing' || typeof candidate.after !== 'string' || typeof candidate.passStartedAt !== 'string') return null;
  if (Number.isNaN(Date.parse(candidate.passStartedAt))) return null;
  return {
    phase: 'listing',
    passStartedAt: candidate.passStartedAt,
    after: candidate.after,
    pages: Number(candidate.pages) || 0,
    templates: Number(candidate.templates) || 0,
    passes: Number(candidate.passes) || 1,
  };
}

/** Backoff of a page retried inside the job: doubling from `baseMs`, capped, with ±25 % jitter so replicas do not retry in step. */
export function pageBackoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.75 + random() * 0.5));
}
