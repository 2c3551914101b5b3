import { parse } from 'yaml';
import { isPlainObject } from './kustomize-render';
import { read } from './repo-facts';

/**
 * docker-compose.yml as Compose reads it: YAML with anchors and merge keys,
 * then `${VAR}` interpolation from the environment file (.env).
 */

export interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  volumes?: string[];
  ports?: string[];
  stop_grace_period?: string;
  restart?: string;
  healthcheck?: { test?: string[]; disable?: boolean };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\$\$/g;

/** The variable names a text refers to (`${VAR…}` or `$VAR`). */
export function referencedVariables(text: string): string[] {
  return [...new Set([...text.matchAll(REFERENCE)].map((match) => match[1] ?? match[4]).filter((name): name is string => Boolean(name)))].sort();
}

/** Compose interpolation of one value: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `$VAR`, `$$`. */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(REFERENCE, (whole, braced: string | undefined, operator: string | undefined, operand: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    const value = env[name];
    const unsetOrEmpty = value === undefined || value === '';
    switch (operator) {
      case undefined:
        return value ?? '';
      case ':-':
        return unsetOrEmpty ? interpolate(operand ?? '', env) : value;
      case '-':
        return value === undefined ? interpolate(operand ?? '', env) : value;
      case ':?':
        if (unsetOrEmpty) throw new Error(`required variable ${name} is missing a value: ${operand}`);
        return value;
      case '?':
        if (value === undefined) throw new Error(`required variable ${name} is missing: ${operand}`);
        return value;
      case ':+':
        return unsetOrEmpty ? '' : interpolate(operand ?? '', env);
      default:
        throw new Error(`unsupported interpolation ${whole}`);
    }
  });
}

function interpolateAll(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, env)]));
  return value;
}

/** docker-compose.yml before interpolation (every string as written). */
export function rawComposeFile(): ComposeFile {
  return parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
}

/** docker-compose.yml as Compose would run it with this environment file content. */
export function composeFile(env: Record<string, string | undefined>): ComposeFile {
  return interpolateAll(rawComposeFile(), env) as ComposeFile;
}

/** KEY=value lines of an environment file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2].trim();
  }
  return values;
}

/** Compose durations such as `40s`, `1m30s`, in seconds. */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) throw new Error(`not a Compose duration: ${text}`);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 } as const;
  return parts.reduce((sum, [, amount, suffix]) => sum + Number(amount) * unit[suffix as keyof typeof unit], 0);
}
