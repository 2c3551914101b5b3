import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** One page of a list (contract): `{"data":[...],"nextCursor":"..."|null}`. */
export interface CursorPage<T> {
  data: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | null;
}

/** Raised for a cursor that this API did not hand out (or that was tampered with). */
export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor() {
    super('The cursor is not one this API handed out; start again without it.');
    this.name = 'InvalidCursorError';
  }
}

/**
 * Keyset pagination, newest first, over (a timestamp column, id): stable while rows
 * are added, and each page is one indexed range scan however deep it goes
 * (OFFSET would rescan every earlier page).
 */
export async function paginateNewestFirst<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  alias: string,
  page: PageRequest,
  /** A timestamptz column to order by, newest first (an index on (column, id) keeps it fast). */
  column = 'created_at',
): Promise<CursorPage<T>> {
  if (page.cursor) {
    const { createdAt, id } = decodeCursor(page.cursor);
    query.andWhere(`(${alias}.${column}, ${alias}.id) < (:cursorCreatedAt, :cursorId)`, { cursorCreatedAt: createdAt, cursorId: id });
  }
  // The cursor keeps created_at as PostgreSQL prints it (microseconds): a JS
  // Date would round to milliseconds and skip rows inside that millisecond.
  const { entities, raw } = await query
    .addSelect(`${alias}.${column}::text`, 'cursor_created_at')
    .orderBy(`${alias}.${column}`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(page.limit + 1)
    .getRawAndEntities<{ cursor_created_at: string }>();
  const data = entities.slice(0, page.limit);
  const last = data[data.length - 1];
  const lastRaw = raw[data.length - 1];
  return { data, nextCursor: entities.length > page.limit && last && lastRaw ? encodeCursor(lastRaw.cursor_created_at, last.id) : null };
}

export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) {
      throw new InvalidCursorError();
    }
    return { createdAt, id };
  } catch {
    throw new InvalidCursorError();
  }
}
