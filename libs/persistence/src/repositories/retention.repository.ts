import type { SqlRunner } from './sql-runner';

/** Where a chunked pass over messages stopped: (created_at as PostgreSQL wrote it, id). */
export interface MessageCursor {
  createdAt: string;
  id: string;
}

export interface StripChunk {
  /** Messages looked at in this chunk; 0 means the pass is done. */
  scanned: number;
  /** Messages whose raw item, request or response were dropped. */
  stripped: number;
  next: MessageCursor | null;
}

/**
 * One chunk of messages older than the cutoff, in (created_at, id) order from
 * the cursor (the list index ix_messages_created serves it): their raw webhook
 * item, Graph request and response are dropped, and the raw copies in their
 * status history. The readable text, payload, status and error stay.
 * The cursor keeps PostgreSQL's microseconds, which a JS Date would round.
 */
const STRIP_RAW_CHUNK = `
WITH chunk AS (
  SELECT id, created_at FROM messages
  WHERE created_at < $1 AND (created_at, id) > ($2::timestamptz, $3::uuid)
  ORDER BY created_at, id LIMIT $4
), stripped AS (
  UPDATE messages m SET raw = NULL, request = NULL, response = NULL
  FROM chunk WHERE m.id = chunk.id AND (m.raw IS NOT NULL OR m.request IS NOT NULL OR m.response IS NOT NULL)
  RETURNING m.id
), history AS (
  UPDATE message_status_events e SET raw = NULL
  FROM chunk WHERE e.message_id = chunk.id AND e.raw IS NOT NULL
)
SELECT (SELECT count(*) FROM chunk)::int AS scanned,
       (SELECT count(*) FROM stripped)::int AS stripped,
       last.created_at::text AS "createdAt", last.id
FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT created_at, id FROM chunk ORDER BY created_at DESC, id DESC LIMIT 1) last ON true`;

/** The oldest messages first; their history goes with them (ON DELETE CASCADE); counters follow. */
const DELETE_MESSAGES_CHUNK = `
WITH chunk AS (
  SELECT id FROM messages WHERE created_at < $1 ORDER BY created_at, id LIMIT $2
), deleted AS (
  DELETE FROM messages m USING chunk WHERE m.id = chunk.id RETURNING m.conversation_id
), per_conversation AS (
  SELECT conversation_id, count(*)::int AS removed FROM deleted GROUP BY conversation_id
), counted AS (
  UPDATE conversations c SET message_count = GREATEST(c.message_count - p.removed, 0)
  FROM per_conversation p WHERE c.id = p.conversation_id
)
SELECT count(*)::int AS deleted FROM deleted`;

/** Statuses for wamids no message ever claimed: messages sent outside wabus, or never recorded. */
const DELETE_UNCLAIMED_CHUNK = `
WITH chunk AS (
  SELECT id FROM message_status_events WHERE NOT applied AND created_at < $1 LIMIT $2
)
DELETE FROM message_status_events e USING chunk WHERE e.id = chunk.id`;

/**
 * The outbox has no index on time (it is written at the message rate), so old
 * published events are found by walking the table's blocks in ranges (a TID
 * range scan reads only those blocks), never by scanning it whole per chunk.
 */
const DELETE_PUBLISHED_EVENTS_IN_BLOCKS = `
DELETE FROM domain_events
WHERE ctid >= format('(%s,0)', $1::bigint)::tid AND ctid < format('(%s,0)', $2::bigint)::tid
  AND published_at IS NOT NULL AND published_at < $3`;

/** Chunked deletes and updates for the retention policy; each call is one short statement. */
export class RetentionRepository {
  constructor(private readonly sql: SqlRunner) {}

  async stripRawPayloads(cutoff: Date, after: MessageCursor | null, chunkSize: number): Promise<StripChunk> {
    const from = after ?? { createdAt: '-infinity', id: '00000000-0000-0000-0000-000000000000' };
    const [row] = await this.sql.rows<{ scanned: number; stripped: number; createdAt: string | null; id: string | null }>(STRIP_RAW_CHUNK, [
      cutoff,
      from.createdAt,
      from.id,
      chunkSize,
    ]);
    const next = row.createdAt !== null && row.id !== null ? { createdAt: row.createdAt, id: row.id } : null;
    return { scanned: row.scanned, stripped: row.stripped, next };
  }

  async deleteMessages(cutoff: Date, chunkSize: number): Promise<number> {
    const [row] = await this.sql.rows<{ deleted: number }>(DELETE_MESSAGES_CHUNK, [cutoff, chunkSize]);
    return row.deleted;
  }

  async deleteUnclaimedStatuses(cutoff: Date, chunkSize: number): Promise<number> {
    return this.sql.execute(DELETE_UNCLAIMED_CHUNK, [cutoff, chunkSize]);
  }

  /** The outbox's size in blocks, the unit of `deletePublishedEvents`. */
  async domainEventBlocks(): Promise<number> {
    const [row] = await this.sql.rows<{ blocks: string }>(
      `SELECT (pg_relation_size('domain_events') / current_setting('block_size')::int)::bigint AS blocks`,
    );
    return Number(row.blocks);
  }

  async deletePublishedEvents(cutoff: Date, fromBlock: number, toBlock: number): Promise<number> {
    return this.sql.execute(DELETE_PUBLISHED_EVENTS_IN_BLOCKS, [fromBlock, toBlock, cutoff]);
  }
}
