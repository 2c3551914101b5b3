import pino from 'pino';
import { Metrics } from '@wabus/service';
import { parseStoreSettings } from '../settings/store-settings';
import type { AfterCommit } from './after-commit';
import type { BatchResult } from './batch-write';
import type { MessageLogWriter } from './message-log.writer';
import { WriteBatcher } from './write-batcher';
import { emptyUnit, type WriteUnit } from './write-unit';

const unit = (reconcile: string): WriteUnit => ({ ...emptyUnit(), reconcile: [reconcile] });
const result = (failed = new Map<number, Error>()): BatchResult => ({ events: [], windows: [], changes: [], recheck: [], failed, media: [] });

function batcherWith(write: (units: readonly WriteUnit[]) => Promise<BatchResult>, settings = {}) {
  const batches: string[][] = [];
  const writer = {
    write: async (units: readonly WriteUnit[]) => {
      batches.push(units.map((u) => u.reconcile[0]));
      return write(units);
    },
    claimableWaiting: async () => [],
  } as unknown as MessageLogWriter;
  const afterCommit = { run: async () => undefined } as unknown as AfterCommit;
  const batcher = new WriteBatcher(writer, afterCommit, { ...parseStoreSettings({}), batchConcurrency: 1, ...settings }, pino({ level: 'silent' }), new Metrics('store-test'));
  return { batcher, batches };
}

describe('WriteBatcher (group commit)', () => {
  it('writes units handed in together in one transaction', async () => {
    const { batcher, batches } = batcherWith(async () => result());
    await Promise.all(['a', 'b', 'c'].map((name) => batcher.submit(unit(name))));
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('writes what arrives during a transaction together in the next one', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { batcher, batches } = batcherWith(async (units) => {
      if (units[0].reconcile[0] === 'first') await gate;
      return result();
    });
    const first = batcher.submit(unit('first'));
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['x', 'y'].map((name) => batcher.submit(unit(name)));
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([['first'], ['x', 'y']]);
  });

  it('splits a failing batch so only the bad unit fails', async () => {
    const { batcher, batches } = batcherWith(async (units) => {
      if (units.some((u) => u.reconcile[0] === 'bad')) throw new Error('constraint violated');
      return result();
    });
    const outcomes = await Promise.allSettled(['ok1', 'bad', 'ok2'].map((name) => batcher.submit(unit(name))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([['ok1', 'bad', 'ok2'], ['ok1'], ['bad'], ['ok2']]);
  });

  it('sends a unit PostgreSQL refuses as such (a constraint, not a race) to the dead letters instead of retrying it', async () => {
    const { batcher } = batcherWith(async () => {
      throw Object.assign(new Error('violates check constraint'), { driverError: { code: '23514' } });
    });
    await expect(batcher.submit(unit('bad'))).rejects.toMatchObject({ name: 'UnwritableUnitError', code: 'unwritable' });
  });

  it('fails only the unit the writer could not place (a record whose message is not known yet)', async () => {
    const { batcher } = batcherWith(async () => result(new Map([[1, new Error('not recorded yet')]])));
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((name) => batcher.submit(unit(name))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('keeps batches under the item limit', async () => {
    const { batcher, batches } = batcherWith(async () => result(), { batchMaxItems: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => batcher.submit(unit(name))));
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('never writes a message in two transactions at once: a unit waits for the batch holding its message, later ones do not', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const { batcher, batches } = batcherWith(
      async (units) => {
        started.push(units.map((u) => u.reconcile[0]).join('+'));
        if (units[0].reconcile[0] === 'wamid.A') await gate;
        return result();
      },
      { batchConcurrency: 2 },
    );
    const first = batcher.submit(unit('wamid.A'));
    await new Promise((resolve) => setImmediate(resolve));
    const again = batcher.submit(unit('wamid.A'));
    const other = batcher.submit(unit('wamid.B'));
    await other;
    expect(started).toEqual(['wamid.A', 'wamid.B']);
    release();
    await Promise.all([first, again]);
    expect(batches).toEqual([['wamid.A'], ['wamid.B'], ['wamid.A']]);
  });
});
