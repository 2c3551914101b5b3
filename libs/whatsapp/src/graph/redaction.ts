const REDACTED = '[redacted]';
// Query parameters that carry credentials in URLs people paste into payloads (signed links, Graph's ?access_token=).
const SECRET_QUERY = /([?&](?:access_token|token|signature|sig|x-amz-signature|x-goog-signature|hash)=)[^&#\s"]*/gi;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/g;

/**
 * A copy of a request or response body fit to be stored: every occurrence of
 * the given secrets (the channel's access token) replaced, bearer tokens and
 * credential query parameters masked. The original is not touched.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const known = secrets.filter((secret) => secret.length >= 8);
  return redact(value, known, 0) as T;
}

function redact(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    copy[key] = /^(authorization|access_?token)$/i.test(key) && typeof item === 'string' ? REDACTED : redact(item, secrets, depth + 1);
  }
  return copy;
}

function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  if (result.includes('=')) result = result.replace(SECRET_QUERY, `$1${REDACTED}`);
  if (result.includes('Bearer')) result = result.replace(BEARER, `Bearer ${REDACTED}`);
  return result;
}
