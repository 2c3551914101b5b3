import { isPermanentWriteError, isTransientWriteConflict, jsonRows } from './sql-runner';

describe('jsonRows', () => {
  it('replaces the NUL character, which PostgreSQL text and jsonb cannot hold, and nothing else', () => {
    const rows = [{ text: 'a\u0000b', literal: '\\u0000 stays', both: '\\\u0000' }];
    const parsed = JSON.parse(jsonRows(rows)) as Array<Record<string, string>>;
    expect(parsed).toEqual([{ text: 'a\ufffdb', literal: '\\u0000 stays', both: '\\\ufffd' }]);
  });

  it('leaves rows without NUL exactly as JSON.stringify writes them', () => {
    const rows = [{ a: 1, b: 'é 👍', c: null }];
    expect(jsonRows(rows)).toBe(JSON.stringify(rows));
  });
});

describe('write errors', () => {
  const failed = (code: string) => ({ driverError: { code } });

  it.each([
    ['40P01', true, false],
    ['40001', true, false],
    ['23505', true, false],
    ['23503', false, true],
    ['22P05', false, true],
    ['23514', false, true],
    ['57014', false, false],
    ['08006', false, false],
  ])('treats SQLSTATE %s as transient: %s, permanent: %s', (code, transient, permanent) => {
    expect(isTransientWriteConflict(failed(code))).toBe(transient);
    expect(isPermanentWriteError(failed(code))).toBe(permanent);
  });
});
