import { MetaRejection, unknownPath } from '../errors/meta-rejection';
import { newFbtraceId } from '../errors/fbtrace-id';

/** What a Graph route answers: a status and a JSON body, or (injected fault) nothing at all. */
export type GraphAnswer = { kind: 'json'; status: number; body: unknown } | { kind: 'timeout'; holdMs: number };

export function ok(body: unknown): GraphAnswer {
  return { kind: 'json', status: 200, body };
}

export function refused(rejection: MetaRejection): GraphAnswer {
  return {
    kind: 'json',
    status: rejection.httpStatus,
    body: rejection.toEnvelope(newFbtraceId()),
  };
}

const OWN_PREFIXES = ['/_emulator/', '/_media/'];

/**
 * A path no route serves: Graph's "Unknown path components" (code 2500) for
 * Graph-looking paths, a plain 404 under the emulator's own prefixes.
 */
export function notRouted(method: string, path: string): GraphAnswer {
  if (OWN_PREFIXES.some((prefix) => path.startsWith(prefix))) {
    return { kind: 'json', status: 404, body: { error: { code: 'not_found', message: `No route ${method} ${path}.` } } };
  }
  return refused(unknownPath(path));
}
