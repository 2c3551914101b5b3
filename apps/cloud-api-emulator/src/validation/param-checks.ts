import { invalidValue, missingParameter, wrongType } from '../errors/meta-rejection';

/**
 * The few checks every payload validator repeats, each throwing the
 * MetaRejection Meta answers: a missing field (100 at the top level, 131008
 * inside a type object), a wrong JSON type (100), a value out of bounds
 * (131009). Paths are written as Meta writes them: `interactive['action']['buttons'][0]`.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function childPath(path: string, key: string | number): string {
  if (!path) return String(key);
  return typeof key === 'number' ? `${path}[${key}]` : `${path}['${key}']`;
}

interface FieldRules {
  required?: boolean;
  /** 100 for top-level fields (Meta's "The parameter X is required."), 131008 below. */
  missingCode?: 100 | 131008;
}

interface StringRules extends FieldRules {
  min?: number;
  max?: number;
}

export function objectField(parent: JsonObject, key: string, path: string, rules: FieldRules & { required: true }): JsonObject;
export function objectField(parent: JsonObject, key: string, path: string, rules?: FieldRules): JsonObject | undefined;
export function objectField(parent: JsonObject, key: string, path: string, rules: FieldRules = {}): JsonObject | undefined {
  const value = parent[key];
  const at = childPath(path, key);
  if (value === undefined || value === null) {
    if (rules.required) throw missingParameter(at, rules.missingCode ?? 131008);
    return undefined;
  }
  if (!isObject(value)) throw wrongType(at, 'a JSON object');
  return value;
}

export function arrayField(parent: JsonObject, key: string, path: string, rules: FieldRules & { required: true }): unknown[];
export function arrayField(parent: JsonObject, key: string, path: string, rules?: FieldRules): unknown[] | undefined;
export function arrayField(parent: JsonObject, key: string, path: string, rules: FieldRules = {}): unknown[] | undefined {
  const value = parent[key];
  const at = childPath(path, key);
  if (value === undefined || value === null) {
    if (rules.required) throw missingParameter(at, rules.missingCode ?? 131008);
    return undefined;
  }
  if (!Array.isArray(value)) throw wrongType(at, 'an array');
  return value;
}

export function stringField(parent: JsonObject, key: string, path: string, rules: StringRules & { required: true }): string;
export function stringField(parent: JsonObject, key: string, path: string, rules?: StringRules): string | undefined;
export function stringField(parent: JsonObject, key: string, path: string, rules: StringRules = {}): string | undefined {
  const value = parent[key];
  const at = childPath(path, key);
  if (value === undefined || value === null) {
    if (rules.required) throw missingParameter(at, rules.missingCode ?? 131008);
    return undefined;
  }
  if (typeof value !== 'string') throw wrongType(at, 'a string');
  checkLength(value, at, rules);
  return value;
}

export function booleanField(parent: JsonObject, key: string, path: string): boolean | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(childPath(path, key), 'a boolean');
  return value;
}

export function checkLength(value: string, at: string, rules: StringRules): void {
  // Meta counts characters, not UTF-16 units: an emoji is one character of a title.
  const length = value.length === Buffer.byteLength(value) ? value.length : [...value].length;
  const min = rules.min ?? (rules.required ? 1 : 0);
  if (length < min || (rules.max !== undefined && length > rules.max)) {
    throw invalidValue(`Param ${at} length invalid. Min length: ${min}, Max length: ${rules.max ?? 'none'}, received: ${length}.`);
  }
}

/** An `http(s)` URL, as Meta requires for links it fetches or shows. */
export function httpUrlField(parent: JsonObject, key: string, path: string, rules: FieldRules = {}): string | undefined {
  const value = stringField(parent, key, path, rules);
  if (value === undefined) return undefined;
  if (!/^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(value)) throw invalidValue(`Param ${childPath(path, key)} must be a valid http or https URL.`);
  return value;
}
