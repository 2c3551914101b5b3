import jsonata from 'jsonata';
import { buttonActionConfigProblems, EffectType } from './button-action-config';
import type { PayloadProblem } from './outbound-message-rules';
import { jsonataMessage, ruleExpressionProblems } from './rule-expression';

/**
 * Runs a `rule` action: a JSONata expression over the trigger (contact,
 * message, event) that returns the effects to apply — a list of
 * `{type, config}` with the other action types. Nothing else leaves a rule:
 * JSONata has no I/O functions, property lookups see only own properties (no
 * prototype, no constructor), and the only functions a rule can call are
 * JSONata's built-ins and its own lambdas.
 *
 * Limits (each breach is a RuleError with its own code, recorded on the run):
 *   time       JSONata's guardrail checks the clock at every evaluation step
 *   depth      JSONata's guardrail caps the evaluation stack (runaway recursion)
 *   sequences  JSONata's guardrail caps every sequence and range
 *   strings    every intermediate string is capped (a doubling loop stops early)
 *   output     the effects must fit in a small JSON document, at most 10 of them
 */
export const RULE_LIMITS = {
  timeoutMs: 100,
  maxDepth: 300,
  maxSequence: 10_000,
  maxStringLength: 65_536,
  maxOutputBytes: 16_384,
  maxEffects: 10,
};
export type RuleLimits = typeof RULE_LIMITS;

export type RuleErrorCode = 'rule_invalid' | 'rule_timeout' | 'rule_too_deep' | 'rule_too_large' | 'rule_failed' | 'rule_output_invalid';

/** Why a rule produced no effects. Permanent: the same rule on the same input fails the same way. */
export class RuleError extends Error {
  constructor(
    readonly code: RuleErrorCode,
    message: string,
    readonly details?: { problems?: PayloadProblem[]; jsonataCode?: string },
  ) {
    super(message);
    this.name = 'RuleError';
  }
}

export interface RuleEffect {
  type: EffectType;
  config: Record<string, unknown>;
}

export interface RuleRunOptions {
  allowPrivateUrls: boolean;
}

const LIMIT_CODE = 'WABUS_LIMIT';
const CACHE_SIZE = 500;

/** Compiles (and caches) rules and evaluates them under RULE_LIMITS. One per process is enough. */
export class RuleEvaluator {
  private readonly compiled = new Map<string, jsonata.Expression>();

  constructor(private readonly limits: RuleLimits = RULE_LIMITS) {}

  async effects(expression: string, input: unknown, options: RuleRunOptions): Promise<RuleEffect[]> {
    const result = await this.evaluate(expression, input);
    return this.effectsOf(result, options);
  }

  /** The raw value of the expression (plain JSON), under every limit. */
  async evaluate(expression: string, input: unknown): Promise<unknown> {
    const compiled = this.compile(expression);
    // A JSON copy: the rule sees data only, never an object of ours (or its prototype).
    const document = input === undefined ? undefined : (JSON.parse(JSON.stringify(input)) as unknown);
    let result: unknown;
    try {
      result = await compiled.evaluate(document);
    } catch (error) {
      throw this.describe(error);
    }
    if (result === undefined) return undefined;
    const json = jsonOfResult(result);
    if (json === undefined) return undefined;
    if (json.length > this.limits.maxOutputBytes) {
      throw new RuleError('rule_too_large', `The rule's result is ${json.length} bytes; at most ${this.limits.maxOutputBytes} are allowed.`);
    }
    return JSON.parse(json) as unknown;
  }

  private effectsOf(result: unknown, options: RuleRunOptions): RuleEffect[] {
    if (result === undefined || result === null) return [];
    const list = Array.isArray(result) ? result : [result];
    if (list.length > this.limits.maxEffects) {
      throw new RuleError('rule_output_invalid', `The rule returned ${list.length} effects; at most ${this.limits.maxEffects} are allowed.`);
    }
    const problems: PayloadProblem[] = [];
    list.forEach((effect: unknown, index) => {
      const path = `effects.${index}`;
      if (effect === null || typeof effect !== 'object' || Array.isArray(effect)) {
        problems.push({ field: path, problem: 'must be an object {type, config}' });
        return;
      }
      const record = effect as Record<string, unknown>;
      for (const key of Object.keys(record)) if (key !== 'type' && key !== 'config') problems.push({ field: `${path}.${key}`, problem: 'is not part of an effect {type, config}' });
      problems.push(...buttonActionConfigProblems(record['type'], record['config'], { allowPrivateUrls: options.allowPrivateUrls, path: `${path}.config`, fromRule: true }));
    });
    const tickets = list.filter((effect) => (effect as { type?: unknown })?.type === 'create_ticket').length;
    if (tickets > 1) problems.push({ field: 'effects', problem: 'a rule may open at most one ticket per tap' });
    if (problems.length > 0) {
      throw new RuleError('rule_output_invalid', `The rule's effects are invalid: ${problems.map((problem) => `${problem.field} ${problem.problem}`).join('; ')}.`, { problems });
    }
    return list as RuleEffect[];
  }

  private compile(expression: string): jsonata.Expression {
    const cached = this.compiled.get(expression);
    if (cached) return cached;
    const problems = ruleExpressionProblems('jsonata', expression);
    if (problems.length > 0) throw new RuleError('rule_invalid', `The rule cannot run: expression ${problems.map((problem) => problem.problem).join('; ')}.`);
    const compiled = jsonata(expression, {
      timeout: this.limits.timeoutMs,
      stack: this.limits.maxDepth,
      sequence: this.limits.maxSequence,
      RegexEngine: RefusedRegex as unknown as RegExpConstructor,
    });
    this.harden(compiled);
    if (this.compiled.size >= CACHE_SIZE) this.compiled.delete(this.compiled.keys().next().value as string);
    this.compiled.set(expression, compiled);
    return compiled;
  }

  private harden(compiled: jsonata.Expression): void {
    const maxString = this.limits.maxStringLength;
    compiled.registerFunction('eval', () => {
      throw limit('$eval is not available in rules');
    });
    // JSONata's $pad builds the padding in one allocation: cap it before it happens.
    compiled.registerFunction(
      'pad',
      (text: string | undefined, width: number, char?: string) => {
        if (text === undefined) return undefined;
        if (!Number.isFinite(width) || Math.abs(width) > maxString) throw limit(`$pad width ${width} is beyond ${maxString}`);
        const filler = char === undefined || char === '' ? ' ' : char;
        return width >= 0 ? text.padEnd(width, filler) : text.padStart(-width, filler);
      },
      '<s-ns?:s>',
    );
    // Every intermediate value passes here (JSONata's evaluate-exit hook).
    const onExit = (_node: unknown, _input: unknown, _environment: unknown, result: unknown) => {
      if (typeof result === 'string' && result.length > maxString) throw limit(`a string of ${result.length} characters is beyond ${maxString}`);
      if (Array.isArray(result) && result.length > this.limits.maxSequence) throw limit(`a list of ${result.length} items is beyond ${this.limits.maxSequence}`);
    };
    compiled.assign(Symbol.for('jsonata.__evaluate_exit') as unknown as string, onExit);
  }

  private describe(error: unknown): RuleError {
    if (error instanceof RuleError) return error;
    const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    const message = jsonataMessage(error);
    switch (code) {
      case 'D1012':
        return new RuleError('rule_timeout', `The rule ran longer than ${this.limits.timeoutMs} ms and was stopped (a loop that does not end?).`, { jsonataCode: code });
      case 'D1011':
        return new RuleError('rule_too_deep', `The rule nested deeper than ${this.limits.maxDepth} steps and was stopped (recursion that does not end?).`, { jsonataCode: code });
      case 'D2014':
      case 'D2015':
        return new RuleError('rule_too_large', `The rule built a list longer than ${this.limits.maxSequence} items and was stopped.`, { jsonataCode: code });
      case LIMIT_CODE:
        return new RuleError('rule_too_large', `The rule was stopped: ${(error as { detail?: string }).detail ?? message}.`);
      default:
        if (error instanceof RangeError) return new RuleError('rule_too_large', `The rule was stopped: ${error.message}.`);
        return new RuleError('rule_failed', `The rule failed: ${message}.`, typeof code === 'string' ? { jsonataCode: code } : undefined);
    }
  }
}

/** The result as JSON text; a function (a JSONata lambda, which holds its own scope) is not data. */
function jsonOfResult(result: unknown): string | undefined {
  if (typeof result === 'function' || (typeof result === 'object' && result !== null && (result as { _jsonata_lambda?: unknown })._jsonata_lambda === true)) {
    throw new RuleError('rule_output_invalid', 'The rule returned a function; it must return effects ({type, config}) or nothing.');
  }
  try {
    return JSON.stringify(result);
  } catch (error) {
    throw new RuleError('rule_output_invalid', `The rule's result is not JSON data (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
  }
}

function limit(detail: string): { code: string; message: string; detail: string } {
  return { code: LIMIT_CODE, message: detail, detail };
}

/** Handed to JSONata as its regex engine; never reached, since rules with regexes are refused when written. */
class RefusedRegex {
  constructor() {
    throw limit('regular expressions are not allowed in rules');
  }
}
