import jsonata from 'jsonata';

/**
 * The `rule` action's language: JSONata (apps/action-engine/README.md says why).
 * This file holds what is checked when a rule is written; rule-evaluation.ts
 * runs it. A rule is data: it is parsed by JSONata's own parser, never by
 * eval/vm/Function, and cannot reach anything but the document it is given.
 */
export const RULE_LANGUAGES = ['jsonata'] as const;
export type RuleLanguage = (typeof RULE_LANGUAGES)[number];

export const MAX_RULE_EXPRESSION_LENGTH = 4096;

/**
 * Functions a rule may not call. `$eval` would turn data into code again;
 * `$pad` is replaced at run time by a capped version (see rule-evaluation.ts).
 */
const FORBIDDEN_FUNCTIONS = new Set(['eval']);

/** Problems with a rule as written: unknown language, too long, syntax, forbidden constructs. */
export function ruleExpressionProblems(language: unknown, expression: unknown): Array<{ field: 'language' | 'expression'; problem: string }> {
  const problems: Array<{ field: 'language' | 'expression'; problem: string }> = [];
  if (!(RULE_LANGUAGES as readonly unknown[]).includes(language)) problems.push({ field: 'language', problem: `must be one of ${RULE_LANGUAGES.join(', ')}` });
  if (typeof expression !== 'string' || expression.trim() === '') {
    problems.push({ field: 'expression', problem: 'must be a non-empty JSONata expression' });
    return problems;
  }
  if (expression.length > MAX_RULE_EXPRESSION_LENGTH) {
    problems.push({ field: 'expression', problem: `must be at most ${MAX_RULE_EXPRESSION_LENGTH} characters` });
    return problems;
  }
  let ast: jsonata.ExprNode;
  try {
    ast = jsonata(expression).ast();
  } catch (error) {
    problems.push({ field: 'expression', problem: `is not valid JSONata: ${jsonataMessage(error)}` });
    return problems;
  }
  for (const construct of forbiddenConstructs(ast)) problems.push({ field: 'expression', problem: construct });
  return problems;
}

/**
 * Regular expressions are refused: a catastrophic pattern backtracks inside
 * one native call, where no time limit can interrupt it (ReDoS).
 */
function forbiddenConstructs(ast: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (node instanceof RegExp) {
      found.add('must not use regular expressions (a pattern can run for ever); use $contains, $substringBefore, $split with plain strings');
      return;
    }
    const record = node as Record<string, unknown>;
    if (record['type'] === 'regex') found.add('must not use regular expressions (a pattern can run for ever); use $contains, $substringBefore, $split with plain strings');
    if (record['type'] === 'variable' && typeof record['value'] === 'string' && FORBIDDEN_FUNCTIONS.has(record['value'])) {
      found.add(`must not use $${record['value']}`);
    }
    for (const value of Object.values(record)) {
      if (Array.isArray(value)) value.forEach(visit);
      else visit(value);
    }
  };
  visit(ast);
  return [...found];
}

export function jsonataMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const record = error as { message?: unknown; code?: unknown; position?: unknown };
    const message = typeof record.message === 'string' ? record.message : 'unknown error';
    const where = typeof record.position === 'number' ? ` (at character ${record.position})` : '';
    const code = typeof record.code === 'string' ? ` [${record.code}]` : '';
    return `${message}${where}${code}`;
  }
  return String(error);
}
