import { createHash } from 'node:crypto';

/**
 * A UUID derived from a name (sha256, shaped as a version-8 UUID so it fits
 * uuid columns). The same name always gives the same id, which is how a fact
 * that may be produced twice (a retried job, a duplicated event) gets one id:
 * `derivedUuid('approval.decided', approvalId)`.
 */
export function derivedUuid(...parts: string[]): string {
  const hash = createHash('sha256').update(`wabus:${parts.join(':')}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
