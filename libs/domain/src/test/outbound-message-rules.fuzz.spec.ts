import fc from 'fast-check';
import { outboundMessageProblems } from '../outbound-message-rules';

/**
 * The cross-field rules run on whatever a business service posts (after the
 * DTO's field checks, but also from the SDK). Any input gives a list of
 * problems, each naming a field; a well-formed payload gives none.
 */

const TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'];
const type = fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 20 }));
const payloads = fc.dictionary(fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 10 })), fc.anything({ maxDepth: 4 }), { maxKeys: 4 });

const wellFormed = fc.oneof(
  fc.record({ type: fc.constant('text'), payload: fc.record({ body: fc.string({ minLength: 1, maxLength: 4096 }), preview_url: fc.boolean() }) }),
  fc.record({
    type: fc.constantFrom('image', 'video', 'document'),
    payload: fc.oneof(fc.record({ id: fc.stringMatching(/^[0-9]{5,20}$/), caption: fc.string({ maxLength: 100 }) }), fc.record({ link: fc.webUrl() })),
  }),
  fc.record({
    type: fc.constant('interactive'),
    payload: fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { minLength: 1, maxLength: 3 }).map((ids) => ({
      type: 'button',
      body: { text: 'Pick one' },
      action: { buttons: ids.map((id) => ({ type: 'reply', reply: { id, title: id.slice(0, 20) } })) },
    })),
  }),
);

describe('outboundMessageProblems under fuzzing', () => {
  it('never throws on arbitrary types and payloads; every problem names a field and says what is wrong', () => {
    fc.assert(
      fc.property(type, payloads, (messageType, given) => {
        const problems = outboundMessageProblems(messageType, given);
        for (const problem of problems) {
          expect(problem.field).toEqual(expect.any(String));
          expect(problem.field.length).toBeGreaterThan(0);
          expect(problem.problem).toEqual(expect.any(String));
          expect(problem.problem.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws when the type object itself is any JSON value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.anything({ maxDepth: 5 }), (messageType, payload) => {
        expect(() => outboundMessageProblems(messageType, { [messageType]: payload })).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  it('finds no problem in a well-formed payload, and one for a second type object beside it', () => {
    fc.assert(
      fc.property(wellFormed, ({ type: messageType, payload }) => {
        expect(outboundMessageProblems(messageType, { [messageType]: payload })).toEqual([]);
        const stray = messageType === 'text' ? 'image' : 'text';
        expect(outboundMessageProblems(messageType, { [messageType]: payload, [stray]: { body: 'x' } })).toContainEqual({ field: stray, problem: expect.stringContaining('does not belong') });
      }),
      { numRuns: 300 },
    );
  });
});
