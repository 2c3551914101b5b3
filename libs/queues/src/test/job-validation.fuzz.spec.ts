import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { JOB_CONTRACTS } from '../job-contracts';
import { InvalidJobError, validateJob } from '../job-validation';
import { JobName } from '../queue-names';

/**
 * Both ends of a queue validate a job against its contract. A payload written
 * by an older release, a bug or a hand edited Redis key must be refused with an
 * InvalidJobError naming each broken field (the worker dead-letters it), never
 * crash the validator.
 */

const NAMES = Object.keys(JOB_CONTRACTS) as JobName[];
const validSend = () => ({ v: 1, messageId: randomUUID(), channelId: randomUUID(), to: '+4917612345678', type: 'text', payload: { body: 'hi' }, requestedAt: new Date().toISOString() });

describe('validateJob under fuzzing', () => {
  it('accepts or refuses any payload of any job with an InvalidJobError that names the fields', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.anything({ maxDepth: 4 }), (name, data) => {
        try {
          validateJob(name, data);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidJobError);
          const problems = (error as InvalidJobError).problems;
          expect(problems.length).toBeGreaterThan(0);
          for (const problem of problems) expect(problem).toMatch(/\S/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a send job with any one field replaced by a value of the wrong kind, naming that field', () => {
    const fields = Object.keys(validSend()) as Array<keyof ReturnType<typeof validSend>>;
    // Never 1: that is the one right value of `v`, and the property is about wrong ones.
    const wrong = fc.oneof(fc.constant(null), fc.integer().filter((n) => n !== 1), fc.boolean(), fc.constant([]), fc.string({ minLength: 300, maxLength: 400 }));
    fc.assert(
      fc.property(fc.constantFrom(...fields), wrong, (field, value) => {
        const job = { ...validSend(), [field]: value };
        let refused: InvalidJobError | null = null;
        try {
          validateJob(JobName.SendMessage, job);
        } catch (error) {
          refused = error as InvalidJobError;
        }
        expect(refused).toBeInstanceOf(InvalidJobError);
        expect(refused?.problems.some((problem) => problem.startsWith(`${field}:`))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
