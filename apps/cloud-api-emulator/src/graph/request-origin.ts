import type { FastifyRequest } from 'fastify';

/** `http://host:port` as the client reached us: the base of links we hand out (paging, media URLs). */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? `${request.hostname}`}`;
}
