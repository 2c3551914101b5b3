import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { isPermanentWriteError, PREPARED_STATEMENT_CAP, runInTransaction, runStatements, sqlStateOf, type SqlRunner } from '../repositories/sql-runner';
import { testDatabaseUrl } from './test-database';

/** The statements prepared on the runner's connection, by name and text. */
async function prepared(sql: SqlRunner): Promise<Map<string, string>> {
  const rows = await sql.rows<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
  return new Map(rows.map((row) => [row.statement, row.name]));
}

describe('SqlRunner: prepared statements', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    // One connection, so every call below meets the statements the earlier ones prepared.
    dataSource = createDataSource(testDatabaseUrl(), { poolSize: 1, applicationName: 'wabus-test' });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('prepares a statement once per connection and runs it by name after that', async () => {
    const text = 'SELECT $1::int + 1 AS next';
    const first = await runStatements(dataSource, (sql) => sql.rows<{ next: number }>(text, [1]));
    const again = await runInTransaction(dataSource, async (sql) => ({ rows: await sql.rows<{ next: number }>(text, [41]), prepared: await prepared(sql) }));

    expect(first).toEqual([{ next: 2 }]);
    expect(again.rows).toEqual([{ next: 42 }]);
    expect(again.prepared.get(text)).toMatch(/^wabus_[0-9a-f]{20}$/);
  });

  it('counts the rows a prepared statement touched', async () => {
    const touched = await runInTransaction(dataSource, async (sql) => {
      await sql.execute('CREATE TEMPORARY TABLE prepared_spec (n int) ON COMMIT DROP');
      return sql.execute('INSERT INTO prepared_spec SELECT generate_series(1, $1::int)', [3]);
    });
    expect(touched).toBe(3);
  });

  it('keeps the SQLSTATE of a failed statement, and rolls its transaction back', async () => {
    const failure = await runInTransaction(dataSource, async (sql) => {
      await sql.execute('CREATE TEMPORARY TABLE prepared_failure (n int)');
      await sql.rows('SELECT 1 / $1::int AS quotient', [0]);
    }).catch((error: unknown) => error);

    expect(sqlStateOf(failure)).toBe('22012');
    expect(isPermanentWriteError(failure)).toBe(true);
    const left = await runStatements(dataSource, (sql) => sql.rows("SELECT 1 FROM pg_class WHERE relname = 'prepared_failure'"));
    expect(left).toEqual([]);
  });

  it('prepares again a statement whose first parse failed (its table did not exist yet)', async () => {
    const text = 'SELECT n FROM prepared_later WHERE n = $1::int';
    const outcome = await runStatements(dataSource, async (sql) => {
      const missing = await sql.rows(text, [1]).catch((error: unknown) => sqlStateOf(error));
      await sql.execute('CREATE TEMPORARY TABLE prepared_later (n int)');
      await sql.execute('INSERT INTO prepared_later VALUES (1)');
      return { missing, found: await sql.rows<{ n: number }>(text, [1]) };
    });
    expect(outcome).toEqual({ missing: '42P01', found: [{ n: 1 }] });
  });

  it('runs texts beyond the cap unnamed, so statements built at run time cannot fill the server', async () => {
    const texts = Array.from({ length: PREPARED_STATEMENT_CAP + 20 }, (_, index) => `SELECT ${index}::int AS n`);
    const { results, names } = await runStatements(dataSource, async (sql) => {
      const results: number[] = [];
      for (const text of texts) results.push((await sql.rows<{ n: number }>(text))[0].n);
      return { results, names: await prepared(sql) };
    });

    expect(results).toEqual(texts.map((_, index) => index));
    expect(names.size).toBeLessThanOrEqual(PREPARED_STATEMENT_CAP);
    expect(names.has(texts[texts.length - 1])).toBe(false);
  });
});
