import { createHash } from 'node:crypto';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, type DataSource, type QueryRunner } from 'typeorm';

/**
 * What a repository needs from the database: run one statement, get its rows.
 * The same repository code runs inside a transaction or on the pool. `sql`
 * is a constant text (values go in `parameters`): it is prepared once per
 * connection and named after its text.
 */
export interface SqlRunner {
  /** Rows of a SELECT or of a statement with RETURNING (none otherwise). */
  rows<T>(sql: string, parameters?: unknown[]): Promise<T[]>;
  /** Rows the statement touched (inserted, updated or deleted). */
  execute(sql: string, parameters?: unknown[]): Promise<number>;
}

/** What TypeORM's PostgreSQL query runner holds once connected: node-postgres' pooled client. */
interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * Statement texts prepared (named) per connection. Every repository statement
 * is a constant text, so PostgreSQL parses and plans each once per pooled
 * connection instead of at every execution (parse and bind were 43 % of the
 * store's statement time at 20 taps/s). A text beyond the cap runs unnamed,
 * so a statement built at run time could never fill the server's memory.
 */
export const PREPARED_STATEMENT_CAP = 256;
const statementNames = new Map<string, string>();

/** The prepared-statement name of `text`, or undefined past the cap. */
function statementNameOf(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < PREPARED_STATEMENT_CAP) {
    name = `wabus_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Statements on the connection a query runner holds (`client`: what its `connect()` resolved to). */
class QueryRunnerSql implements SqlRunner {
  constructor(
    private readonly runner: QueryRunner,
    private readonly client: PgClient,
  ) {}

  async rows<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return (await this.query(sql, parameters)).rows as T[];
  }

  async execute(sql: string, parameters: unknown[] = []): Promise<number> {
    return (await this.query(sql, parameters)).rowCount ?? 0;
  }

  private async query(text: string, values: unknown[]) {
    // The connection may be someone else's once the runner is released.
    if (this.runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
    try {
      return await this.client.query({ name: statementNameOf(text), text, values });
    } catch (error) {
      throw new QueryFailedError(text, values, error as Error);
    }
  }
}

/** Runs `work` in one transaction on one pooled connection: committed if it returns, rolled back if it throws. */
export async function runInTransaction<T>(dataSource: DataSource, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PgClient;
  try {
    await runner.startTransaction();
    try {
      const result = await work(new QueryRunnerSql(runner, client));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      // A rollback that fails (connection lost) must not hide the error that caused it.
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** Statements outside a transaction (each one commits on its own). */
export async function runStatements<T>(dataSource: DataSource, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PgClient;
  try {
    return await work(new QueryRunnerSql(runner, client));
  } finally {
    await runner.release();
  }
}

/**
 * Statements on the pool, each on a connection of its own and committing on
 * its own: for a repository whose writes are single statements. Unlike
 * `DataSource.query`, whose result for an UPDATE or DELETE is `[rows, count]`,
 * `rows` is always the rows.
 */
export function poolSql(dataSource: DataSource): SqlRunner {
  return {
    rows: (sql, parameters) => runStatements(dataSource, (runner) => runner.rows(sql, parameters)),
    execute: (sql, parameters) => runStatements(dataSource, (runner) => runner.execute(sql, parameters)),
  };
}

/** The SQLSTATE of a failed statement (TypeORM wraps the driver's error), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError = (error as { driverError?: { code?: unknown } }).driverError;
  const code = driverError?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Failures that a second try of the same transaction can cure: a deadlock, a
 * serialization failure, or a unique violation lost to a concurrent writer
 * whose row the retry will simply find.
 */
export function isTransientWriteConflict(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state === '40P01' || state === '40001' || state === '23505';
}

/**
 * A statement that can never succeed as written: a value PostgreSQL refuses
 * (class 22) or a constraint it breaks (class 23), except a unique violation,
 * which a retry resolves by finding the row. Retrying it only loops.
 */
export function isPermanentWriteError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && state !== '23505' && (state.startsWith('22') || state.startsWith('23'));
}

/**
 * What PostgreSQL's jsonb refuses, as JSON.stringify writes it (not itself
 * escaped: an even run of backslashes before it): `\u0000`, and a lone UTF-16
 * surrogate, which JSON.stringify escapes as `\ud8xx`-`\udfff` (a valid pair
 * is written as the character itself, never escaped).
 */
const JSON_UNSTORABLE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/g;

/**
 * Bulk statements take their rows as one JSON document (`jsonb_to_recordset($1::jsonb)`):
 * one parameter whatever the row count (PostgreSQL allows 65,535), parsed once
 * by the server, jsonb columns included. PostgreSQL's text and jsonb cannot
 * hold the NUL character (nor a lone surrogate), so one in a webhook becomes U+FFFD rather than
 * making the whole delivery unwritable.
 */
export function jsonRows(rows: readonly object[]): string {
  return jsonText(rows);
}

/** Any value as JSON text PostgreSQL accepts (NUL and lone surrogates replaced by U+FFFD, as in `jsonRows`). */
export function jsonText(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u') ? json.replace(JSON_UNSTORABLE, '$1\\ufffd') : json;
}
