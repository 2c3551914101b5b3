import { activityRows, recordActivitySql, type ConversationActivity } from './conversation.repository';
import { jsonRows, type SqlRunner } from './sql-runner';

/** A fact for the outbox; `payload` is exactly what goes onto the `events` queue. */
export interface OutboxEvent {
  /** Derived from `dedupeKey`, so the same fact always has the same id (and job id). */
  id: string;
  type: string;
  aggregateId: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export interface UnpublishedEvent {
  id: string;
  payload: Record<string, unknown>;
}

/**
 * A message-log transaction's closing statement, three writes in one round
 * trip: the new facts (one already recorded, same dedupe key hence same id, is
 * not recorded again), events of earlier commits marked published in passing
 * ($2: on the queue by now; no statement and WAL flush of their own), and the
 * conversations' activity ($3), last so their shared rows are locked the shortest.
 */
const INSERT = `
WITH marked AS (UPDATE domain_events SET published_at = now() WHERE id = ANY($2::uuid[]) AND published_at IS NULL),
activity AS (${recordActivitySql('$3')})
INSERT INTO domain_events (id, type, aggregate_id, payload, dedupe_key)
SELECT id, type, aggregate_id, payload, dedupe_key
FROM jsonb_to_recordset($1::jsonb) AS i(id uuid, type text, aggregate_id uuid, payload jsonb, dedupe_key text)
ORDER BY dedupe_key
ON CONFLICT DO NOTHING
RETURNING id`;

/** Oldest first; rows another publisher holds are skipped, not waited for. */
const CLAIM_UNPUBLISHED = `
SELECT id, payload FROM domain_events
WHERE published_at IS NULL AND created_at < now() - make_interval(secs => $1::double precision / 1000)
ORDER BY created_at LIMIT $2
FOR UPDATE SKIP LOCKED`;

/** The transactional outbox (domain_events). */
export class DomainEventRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Inserts the facts new to the outbox and answers their ids; in the same
   * statement, marks `published` (events already on the queue) as published
   * and records the conversations' `activity` (see INSERT).
   */
  async insert(events: readonly OutboxEvent[], published: readonly string[] = [], activity: readonly ConversationActivity[] = []): Promise<Set<string>> {
    if (events.length === 0 && activity.length === 0) {
      await this.markPublished(published);
      return new Set();
    }
    const input = events.map((e) => ({ id: e.id, type: e.type, aggregate_id: e.aggregateId, payload: e.payload, dedupe_key: e.dedupeKey }));
    const rows = await this.sql.rows<{ id: string }>(INSERT, [jsonRows(input), [...published], activityRows(activity)]);
    return new Set(rows.map((row) => row.id));
  }

  /** Locks up to `limit` events written more than `olderThanMs` ago and not yet published. */
  async claimUnpublished(olderThanMs: number, limit: number): Promise<UnpublishedEvent[]> {
    return this.sql.rows<UnpublishedEvent>(CLAIM_UNPUBLISHED, [olderThanMs, limit]);
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.execute('UPDATE domain_events SET published_at = now() WHERE id = ANY($1::uuid[]) AND published_at IS NULL', [[...ids]]);
  }
}
