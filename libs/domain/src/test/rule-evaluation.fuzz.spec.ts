import fc from 'fast-check';
import { RuleError, RuleEvaluator, type RuleErrorCode } from '../rule-evaluation';

/**
 * A rule is operator-written JSONata run on every tap. Whatever the text, the
 * engine must either return valid effects or a RuleError with a code and a
 * sentence: never another exception, never a hang past its limits.
 */

const CODES: RuleErrorCode[] = ['rule_invalid', 'rule_timeout', 'rule_too_deep', 'rule_too_large', 'rule_failed', 'rule_output_invalid'];
const evaluator = new RuleEvaluator();
const trigger = {
  contact: { name: 'Ada', phone: '+2348031234567', attributes: { tier: 'gold', orders: [10, 20, 30] }, tags: ['vip'] },
  message: { replyId: 'yes', replyTitle: 'Yes', text: 'Yes' },
};

const VALID_RULES = [
  `contact.attributes.tier = 'gold' ? {'type': 'send_message', 'config': {'text': 'Hi ' & contact.name}} : []`,
  `[{'type': 'update_contact', 'config': {'field': 'tags.add', 'value': message.replyId}}]`,
  `$count(contact.attributes.orders) > 2 ? {'type': 'create_ticket', 'config': {'subject': 'total ' & $string($sum(contact.attributes.orders))}}`,
  `{'type': 'webhook', 'config': {'url': 'https://orders.example.com/hook'}}`,
  `($f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; {'type': 'send_message', 'config': {'text': $string($f(5))}})`,
];

const FRAGMENTS = ['(', ')', '[', ']', '{', '}', "'", '"', ':', ',', ';', '.', '$', '$f', ':=', 'function($x){$x}', '$f($f)', '&', '+', '*', '..', '[1..100000]', '$string', '$pad', '$eval', '~>', '?', '=', '!=', 'contact', 'message', '**', '%', '$lookup', '$keys', '$sift', '/x/', "'type'", "'config'", "'send_message'", "'rule'", 'null', 'true', '1e308', '-0', '\u0000', '\\u0000'];

const expression = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(' ')),
  fc
    .tuple(fc.constantFrom(...VALID_RULES), fc.nat(), fc.nat(20), fc.constantFrom(...FRAGMENTS, ''))
    .map(([rule, at, cut, insert]) => {
      const position = at % (rule.length + 1);
      return rule.slice(0, position) + insert + rule.slice(position + cut);
    }),
);

async function outcome(text: string): Promise<{ effects: unknown[] } | { error: RuleError }> {
  try {
    return { effects: await evaluator.effects(text, trigger, { allowPrivateUrls: false }) };
  } catch (error) {
    if (error instanceof RuleError) return { error };
    throw new Error(`the rule ${JSON.stringify(text)} threw something other than a RuleError: ${String(error)}`);
  }
}

describe('RuleEvaluator under fuzzing', () => {
  it('answers arbitrary and mutated expressions with valid effects or a RuleError with a code and a sentence', async () => {
    await fc.assert(
      fc.asyncProperty(expression, async (text) => {
        const result = await outcome(text);
        if ('error' in result) {
          expect(CODES).toContain(result.error.code);
          expect(result.error.message).toMatch(/^The rule.+\.$/s);
        } else {
          for (const effect of result.effects) expect(effect).toEqual({ type: expect.any(String), config: expect.any(Object) });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('evaluates any trigger document without crashing (contact fields come from customers)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...VALID_RULES), fc.jsonValue({ maxDepth: 4 }), async (rule, document) => {
        try {
          await evaluator.effects(rule, document, { allowPrivateUrls: false });
        } catch (error) {
          expect(error).toBeInstanceOf(RuleError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
