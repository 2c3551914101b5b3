import { RuleError, RuleEvaluator } from './rule-evaluation';

const evaluator = new RuleEvaluator();
const input = {
  contact: { name: 'Ada', phone: '+2348031234567', attributes: { tier: 'gold', orders: [10, 20, 30] }, tags: ['vip'] },
  message: { replyId: 'yes', replyTitle: 'Yes' },
};
const run = (expression: string) => evaluator.effects(expression, input, { allowPrivateUrls: false });
const failure = async (expression: string): Promise<RuleError> => {
  try {
    await run(expression);
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error(`the rule ${expression} did not fail`);
};

describe('RuleEvaluator: effects', () => {
  it('returns the effects a condition selects', async () => {
    const rule = `contact.attributes.tier = 'gold'
      ? [{'type': 'send_message', 'config': {'text': 'Hi ' & contact.name & ', gold member'}},
         {'type': 'update_contact', 'config': {'field': 'tags.add', 'value': 'golden-tap'}}]
      : {'type': 'send_message', 'config': {'text': 'Hi'}}`;
    await expect(run(rule)).resolves.toEqual([
      { type: 'send_message', config: { text: 'Hi Ada, gold member' } },
      { type: 'update_contact', config: { field: 'tags.add', value: 'golden-tap' } },
    ]);
  });

  it('accepts a single effect object, and nothing as no effects', async () => {
    await expect(run(`{'type': 'create_ticket', 'config': {'subject': 'total ' & $string($sum(contact.attributes.orders))}}`)).resolves.toEqual([
      { type: 'create_ticket', config: { subject: 'total 60' } },
    ]);
    await expect(run(`contact.attributes.tier = 'silver' ? {'type': 'create_ticket', 'config': {}}`)).resolves.toEqual([]);
    await expect(run('null')).resolves.toEqual([]);
  });

  it.each([
    ['a rule that emits a rule', `{'type': 'rule', 'config': {'language': 'jsonata', 'expression': '1'}}`],
    ['an unknown effect type', `{'type': 'run_python', 'config': {}}`],
    ['an effect with a bad config', `{'type': 'send_message', 'config': {'text': ''}}`],
    ['an effect with extra keys', `{'type': 'create_ticket', 'config': {}, 'when': 'now'}`],
    ['a webhook to a private address', `{'type': 'webhook', 'config': {'url': 'http://169.254.169.254/latest'}}`],
    ['two tickets', `[{'type': 'create_ticket', 'config': {}}, {'type': 'create_ticket', 'config': {}}]`],
    ['more than ten effects', `[1..11].{'type': 'create_ticket', 'config': {}}`],
    ['a number', '42'],
  ])('refuses %s', async (_label, rule) => {
    expect((await failure(rule)).code).toBe('rule_output_invalid');
  });
});

describe('RuleEvaluator: limits', () => {
  it.each([
    ['an endless loop', '($loop := function($n) { $loop($n + 1) }; $loop(0))', ['rule_too_deep', 'rule_timeout']],
    ['deep recursion', '($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))', ['rule_too_deep', 'rule_timeout']],
    ['a long busy loop', '$reduce([1..9999], function($a, $b) { $a + $count([1..9999]) }, 0)', ['rule_timeout', 'rule_too_large']],
    ['a huge range', '$count([1..100000000])', ['rule_too_large']],
    ['a string that doubles', '($f := function($s, $n) { $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f("xxxxxxxx", 40)))', ['rule_too_large']],
    ['a huge padding', '$pad("x", 1000000000)', ['rule_too_large']],
    ['a huge result', `{'type': 'send_message', 'config': {'text': $join([1..3000].('item ' & $string()), '-')}}`, ['rule_too_large', 'rule_timeout']],
  ])('stops %s with a recorded error', async (_label, rule, codes) => {
    const error = await failure(rule);
    expect(codes).toContain(error.code);
    expect(error.message).toEqual(expect.any(String));
  });

  it('refuses a rule that does not parse, or uses a regular expression, before running it', async () => {
    expect((await failure('[1, 2')).code).toBe('rule_invalid');
    expect((await failure('$replace(message.replyTitle, /(a|aa)+$/, "")')).code).toBe('rule_invalid');
  });
});

describe('RuleEvaluator: no way out of the sandbox', () => {
  // Each expression tries to reach something outside its document. JSONata
  // resolves a name to nothing (or fails) instead: the rule yields no value,
  // and the canary a successful escape would set stays unset.
  it.each([
    ['require', '$require("fs").writeFileSync("/tmp/wabus-escaped", "x")'],
    ['process', '$process.exit(1)'],
    ['a prototype walk to Function', '$$.constructor.constructor("globalThis.wabusEscaped = true")()'],
    ['the constructor of a literal object', '{}.constructor.constructor("globalThis.wabusEscaped = true")()'],
    ['the implementation of a built-in', '$string.implementation.constructor("globalThis.wabusEscaped = true")()'],
    ['__proto__', '$$.__proto__.constructor.constructor("globalThis.wabusEscaped = true")()'],
    ['a lookup of constructor', '$lookup($lookup({}, "constructor"), "constructor")("globalThis.wabusEscaped = true")()'],
    ['a network call', '$fetch("http://127.0.0.1:1/")'],
    ['a child process', '$exec("touch /tmp/wabus-escaped")'],
    ['eval through a variable', '($e := $eval; $e("1"))'],
  ])('cannot reach %s', async (_label, rule) => {
    const outcome = await evaluator.evaluate(rule, input).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    if ('error' in outcome) expect(outcome.error).toBeInstanceOf(RuleError);
    else expect(outcome.value).toBeUndefined();
    expect((globalThis as Record<string, unknown>)['wabusEscaped']).toBeUndefined();
  });

  it.each(['$$.constructor', '{}.constructor', '$string.implementation', '$$.__proto__', '$lookup({}, "constructor")', '$keys($$.contact.__proto__)'])(
    'sees nothing behind %s',
    async (rule) => {
      await expect(evaluator.evaluate(rule, input)).resolves.toBeUndefined();
    },
  );

  it('cannot pollute the Object prototype through $merge or a transform', async () => {
    await run(`($x := $merge([{}, {"__proto__": {"polluted": "yes"}}]); null)`).catch(() => undefined);
    await run(`($ ~> |$|{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}|; null)`).catch(() => undefined);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('sees only a copy of its input', async () => {
    const document = { contact: { attributes: { tier: 'gold' } } };
    await new RuleEvaluator().effects(`($ ~> |contact.attributes|{"tier": "lead"}|; null)`, document, { allowPrivateUrls: false });
    expect(document.contact.attributes.tier).toBe('gold');
  });
});
