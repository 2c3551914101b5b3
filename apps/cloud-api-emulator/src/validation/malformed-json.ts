/** What a Graph route receives instead of a body that is not JSON; the validators answer Meta's 100 for it. */
export const MALFORMED_JSON = Symbol('malformed JSON body');

export interface MalformedJson {
  [MALFORMED_JSON]: string;
}

export function isMalformedJson(body: unknown): body is MalformedJson {
  return typeof body === 'object' && body !== null && MALFORMED_JSON in body;
}
