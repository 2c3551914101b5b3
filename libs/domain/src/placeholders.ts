/**
 * `{{contact.name}}`-style placeholders in the texts of button actions, filled
 * from the contact and the message that triggered the action. A placeholder is
 * a dotted path from one of PLACEHOLDER_ROOTS, optionally with a fallback after
 * `|` (`{{contact.name | there}}`). Missing values render as the fallback or as
 * nothing; objects never leak into a message as "[object Object]".
 */
export const PLACEHOLDER_ROOTS = ['contact', 'message', 'channel', 'event', 'approval'] as const;
export type PlaceholderRoot = (typeof PLACEHOLDER_ROOTS)[number];

export type PlaceholderContext = Partial<Record<PlaceholderRoot, unknown>>;

const PLACEHOLDER = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*$/;
// Never walk into the prototype chain, whatever the data holds.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

export function renderPlaceholders(template: string, context: PlaceholderContext): string {
  return template.replace(PLACEHOLDER, (_match, path: string, fallback: string | undefined) => {
    const value = PATH.test(path) ? resolvePath(context, path) : undefined;
    const text = scalarText(value);
    return text === undefined || text === '' ? (fallback ?? '') : text;
  });
}

/** Every string inside `value` (objects, arrays) rendered; other values kept. */
export function renderPlaceholdersDeep<T>(value: T, context: PlaceholderContext): T {
  if (typeof value === 'string') return renderPlaceholders(value, context) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => renderPlaceholdersDeep(item, context)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderPlaceholdersDeep(item as unknown, context)])) as T;
  }
  return value;
}

/** Placeholders that can never resolve (bad path or unknown root), for validation at write time. */
export function placeholderProblems(template: string): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const path = match[1];
    if (!PATH.test(path)) problems.push(`"{{${path}}}" is not a placeholder path (write e.g. {{contact.name}})`);
    else if (!(PLACEHOLDER_ROOTS as readonly string[]).includes(path.split('.')[0])) {
      problems.push(`"{{${path}}}" starts with an unknown name; use one of ${PLACEHOLDER_ROOTS.join(', ')}`);
    } else if (path.split('.').some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
      problems.push(`"{{${path}}}" is not allowed`);
    }
  }
  return problems;
}

function resolvePath(context: PlaceholderContext, path: string): unknown {
  let current: unknown = context;
  for (const segment of path.split('.')) {
    if (FORBIDDEN_SEGMENTS.has(segment)) return undefined;
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    const parts = value.map(scalarText).filter((part): part is string => part !== undefined && part !== '');
    return parts.join(', ');
  }
  return undefined;
}
