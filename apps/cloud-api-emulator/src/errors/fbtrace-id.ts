const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A Graph-looking trace id (~23 base64url characters). Not a decision, so it
 * does not draw from the seeded generator: seeding must reproduce verdicts,
 * not trace ids.
 */
export function newFbtraceId(): string {
  let id = 'A';
  for (let i = 0; i < 22; i++) id += ALPHABET[(Math.random() * 64) | 0];
  return id;
}
