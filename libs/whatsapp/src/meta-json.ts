// Every UTF-16 code unit outside ASCII; an emoji is two units, so it becomes a surrogate pair.
const NON_ASCII = /[\u0080-\uffff]/g;

function escapeUnit(unit: string): string {
  return '\\u' + unit.charCodeAt(0).toString(16).padStart(4, '0');
}

/**
 * JSON as Meta serialises the webhook bodies it signs: every non-ASCII
 * character written as a lowercase `\uXXXX` escape (emoji as surrogate pairs).
 * A receiver that re-serialises a parsed body with plain `JSON.stringify`
 * breaks the signature only for non-ASCII content — the "works in English,
 * fails on é" bug (whatsapp-cloud-api.md §4.2) — so signers and tests use
 * this, and verifiers always check the raw bytes.
 */
export function serializeLikeMeta(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('serializeLikeMeta: value is not serialisable as JSON');
  NON_ASCII.lastIndex = 0;
  return NON_ASCII.test(json) ? json.replace(NON_ASCII, escapeUnit) : json;
}
