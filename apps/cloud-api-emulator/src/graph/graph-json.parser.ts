import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MALFORMED_JSON } from '../validation/malformed-json';

const OWN_PREFIXES = ['/_emulator', '/_media', '/healthz', '/readyz', '/metrics'];

function isGraphRequest(request: FastifyRequest): boolean {
  return !OWN_PREFIXES.some((prefix) => request.url.startsWith(prefix));
}

/**
 * Replaces the JSON body parser: a Graph call whose body does not parse
 * reaches its handler, which answers Meta's error envelope as Graph does,
 * instead of failing inside Fastify with a Fastify-shaped error. Control
 * routes keep the usual 400.
 */
export function installGraphJsonParser(fastify: FastifyInstance): void {
  const strict = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void strict(request, body as string, (error: Error | null, value?: unknown) => {
      if (!error) return done(null, value);
      if (!isGraphRequest(request)) return done(error, undefined);
      done(null, { [MALFORMED_JSON]: error.message });
    });
  });
}
