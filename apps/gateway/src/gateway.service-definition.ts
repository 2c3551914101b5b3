import type { ServiceDefinition } from '@wabus/service';
import { serveOpenApi } from './api/openapi';
import { GatewayModule } from './gateway.module';

/** Meta's deliveries go up to 3 MB (peers.md); Fastify's default limit is 1 MiB. */
export const GATEWAY_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export const GATEWAY_SERVICE: ServiceDefinition = {
  name: 'gateway',
  module: GatewayModule,
  redis: true,
  database: true,
  notifications: true,
  queues: true,
  bodyLimitBytes: GATEWAY_BODY_LIMIT_BYTES,
  configure: serveOpenApi,
};
