import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import fc from 'fast-check';
import { mutateJson } from '@wabus/testing';
import { JOB_CONTRACTS } from '../job-contracts';
import { InvalidJobError, validateJob } from '../job-validation';
import { JobName } from '../queue-names';

/** What class-transformer's plainToInstance + class-validator find: the check validateJob replaced (it copied every nested value). */
function problemsByPlainToInstance(name: JobName, data: object): string[] {
  const flatten = (errors: ValidationError[], path = ''): string[] =>
    errors.flatMap((error) => {
      const field = path ? `${path}.${error.property}` : error.property;
      return [...Object.values(error.constraints ?? {}).map((text) => `${field}: ${text}`), ...flatten(error.children ?? [], field)];
    });
  return flatten(validateSync(plainToInstance(JOB_CONTRACTS[name] as new () => object, data) as object, { whitelist: false, forbidUnknownValues: false }));
}

function problemsOf(name: JobName, data: object): string[] {
  try {
    validateJob(name, data);
    return [];
  } catch (error) {
    if (error instanceof InvalidJobError) return error.problems;
    throw error;
  }
}

const event = () => ({ v: 1, eventId: randomUUID(), type: 'message.status', occurredAt: new Date().toISOString(), data: { messageId: randomUUID(), status: 'read', nested: { deep: [1, { x: 'y' }] } } });
const VALID: Record<JobName, () => object> = {
  [JobName.InboundWebhook]: () => ({ v: 1, channelId: randomUUID(), receivedAt: new Date().toISOString(), body: '{"object":"whatsapp_business_account"}' }),
  [JobName.SendMessage]: () => ({ v: 1, messageId: randomUUID(), channelId: randomUUID(), to: '+4917612345678', type: 'text', payload: { body: 'hi' }, requestedAt: new Date().toISOString() }),
  [JobName.RecordOutbound]: () => ({
    v: 1,
    outcome: 'failed',
    messageId: randomUUID(),
    at: new Date().toISOString(),
    error: { code: 'x', title: 'y' },
    message: { v: 1, messageId: randomUUID(), channelId: randomUUID(), to: '+4917612345678', type: 'text', payload: { body: 'hi' } },
  }),
  [JobName.DomainEvent]: event,
  [JobName.DomainEvents]: () => ({ v: 1, events: [event(), event()] }),
  [JobName.SyncTemplates]: () => ({ v: 1, channelId: randomUUID(), reason: 'api' }),
  [JobName.DeliverCallback]: () => ({ v: 1, deliveryId: randomUUID() }),
  [JobName.ApplyRetention]: () => ({ v: 1, reason: 'api', messageDays: 30 }),
  [JobName.FetchMedia]: () => ({ v: 1, messageId: randomUUID(), reason: 'auto' }),
};

describe('validateJob', () => {
  it('finds exactly the problems plainToInstance + class-validator find, on mutated valid jobs of every contract', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(VALID) as JobName[])), fc.array(fc.nat(), { maxLength: 4 }), fc.anything({ maxDepth: 2 }), (name, path, replacement) => {
        const data = mutateJson(VALID[name](), path, replacement) as object;
        if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
        expect(problemsOf(name, data).sort()).toEqual(problemsByPlainToInstance(name, data).sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same problems on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(VALID) as JobName[])), fc.object({ maxDepth: 3 }), (name, data) => {
        expect(problemsOf(name, data).sort()).toEqual(problemsByPlainToInstance(name, data).sort());
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps a __proto__ key a plain field: it cannot swap the contract that is checked', () => {
    const forged = JSON.parse(`{"__proto__": {"constructor": null}, "v": 2}`) as object;
    expect(() => validateJob(JobName.SyncTemplates, forged)).toThrow(InvalidJobError);
    const nested = JSON.parse(`{"v": 1, "events": [{"__proto__": {}, "v": 1}]}`) as object;
    expect(() => validateJob(JobName.DomainEvents, nested)).toThrow(/events\.0\.eventId/);
  });

  it('leaves the payload it checked untouched, and answers it as it is', () => {
    const data = VALID[JobName.DomainEvents]();
    const before = JSON.stringify(data);
    expect(validateJob(JobName.DomainEvents, data)).toBe(data);
    expect(JSON.stringify(data)).toBe(before);
  });
});
