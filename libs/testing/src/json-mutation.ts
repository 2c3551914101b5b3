/**
 * A copy of a JSON document with the value at `path` replaced: each step
 * picks a key (modulo the container's key count), so any list of naturals
 * from a property-based generator names some place. An empty path, a scalar
 * or an empty container is replaced whole. The input is never changed.
 */
export function mutateJson(document: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || document === null || typeof document !== 'object') return replacement;
  const container = Array.isArray(document) ? [...document] : { ...(document as Record<string, unknown>) };
  const keys = Object.keys(container);
  if (keys.length === 0) return replacement;
  const key = keys[path[0] % keys.length];
  const target = container as Record<string, unknown>;
  target[key] = mutateJson(target[key], path.slice(1), replacement);
  return container;
}
