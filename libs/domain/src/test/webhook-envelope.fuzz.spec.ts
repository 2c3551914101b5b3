import fc from 'fast-check';
import { splitWebhookEnvelope } from '../webhook-envelope';

/**
 * Meta's deliveries change shape without notice (evolution-api #2573: a
 * contacts entry without profile crashed every status). The splitter must be
 * total: any JSON gives items and problems, never an exception, and a broken
 * message never takes its well-formed siblings down with it.
 */

const PHONE_NUMBER_ID = '106540352242922';

const textMessage = (index: number) => ({ from: '16505551234', id: `wamid.fuzz${index}`, timestamp: '1700000000', type: 'text', text: { body: `message ${index}` } });

const envelopeWith = (messages: unknown[]) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
            contacts: [{ profile: { name: 'Sheena' }, wa_id: '16505551234' }],
            messages,
          },
        },
      ],
    },
  ],
});

/** Replaces the value at a random path of a JSON document with another value (or removes the key). */
function mutate(document: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0 || document === null || typeof document !== 'object') return replacement;
  const container = Array.isArray(document) ? [...document] : { ...(document as Record<string, unknown>) };
  const keys = Object.keys(container);
  if (keys.length === 0) return replacement;
  const key = keys[path[0] % keys.length];
  const target = container as Record<string, unknown>;
  if (path.length === 1 && remove && !Array.isArray(container)) delete target[key];
  else target[key] = mutate(target[key], path.slice(1), replacement, remove);
  return container;
}

const everyProblemIsASentence = (problems: Array<{ path: string; problem: string }>) =>
  problems.every((problem) => typeof problem.path === 'string' && typeof problem.problem === 'string' && /^[A-Z].*\.$/.test(problem.problem));

describe('splitWebhookEnvelope under fuzzing', () => {
  it('never throws on arbitrary JSON, and explains what it skipped', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (body) => {
        const split = splitWebhookEnvelope(body);
        expect(Array.isArray(split.items)).toBe(true);
        expect(everyProblemIsASentence(split.problems)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on a real delivery with any value replaced or removed anywhere', () => {
    const path = fc.array(fc.nat(20), { minLength: 0, maxLength: 10 });
    fc.assert(
      fc.property(path, fc.anything({ maxDepth: 3 }), fc.boolean(), (where, replacement, remove) => {
        const body = mutate(envelopeWith([textMessage(0), textMessage(1)]), where, replacement, remove);
        const split = splitWebhookEnvelope(body);
        expect(everyProblemIsASentence(split.problems)).toBe(true);
        for (const item of split.items) expect(['message', 'unrecognized_message', 'status', 'error', 'template_status', 'other']).toContain(item.kind);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every well-formed message when one sibling is broken, and names the broken one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.nat(), fc.array(fc.nat(10), { maxLength: 4 }), fc.anything({ maxDepth: 2 }), (count, brokenSeed, where, replacement) => {
        const broken = brokenSeed % count;
        const messages: unknown[] = Array.from({ length: count }, (_, index) => textMessage(index));
        messages[broken] = mutate(messages[broken], where, replacement, false);
        const split = splitWebhookEnvelope(envelopeWith(messages));
        const ids = split.items.flatMap((item) => (item.kind === 'message' || item.kind === 'unrecognized_message' ? [item.message.id] : []));
        for (let index = 0; index < count; index += 1) if (index !== broken) expect(ids).toContain(`wamid.fuzz${index}`);
        const brokenPath = `entry[0].changes[0].value.messages[${broken}]`;
        const brokenKept = split.items.some((item) => (item.kind === 'message' || item.kind === 'unrecognized_message') && item.message === messages[broken]);
        expect(brokenKept || split.problems.some((problem) => problem.path === brokenPath)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
