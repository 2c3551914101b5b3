import { createServer, type RequestListener } from 'node:http';
import { Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppConfig, ConfigError, loadConfig, ServiceName } from '@wabus/config';
import { redisOptionsFromUrl, shareIoredisPipelineShape } from '@wabus/queues';
import { disableAllocationSitePretenuring } from './allocation-site-pretenuring';
import { ApiExceptionFilter } from './api-exception.filter';
import { DatabaseModule } from './database.module';
import { apiValidationPipe } from './validation.pipe';
import { assertRedisReachable, prepareDatabase } from './dependencies';
import { createLogger, PinoNestLogger } from './logger';
import { Metrics } from './metrics';
import { Readiness, withTimeout } from './readiness';
import { NotificationsModule } from './notifications.module';
import { ScopedRedisServer } from './notification-scope';
import { QueuesModule } from './queues.module';
import { RawHttpRoutes } from './raw-http-routes';
import { RedisModule } from './redis.module';
import { ServiceCoreModule } from './service-core.module';

export interface ServiceDefinition {
  name: ServiceName;
  /** The app's root module: its features. The shell adds config, logging, metrics and probes. */
  module: Type<unknown>;
  /** Dependencies this service needs; each becomes a readiness check. */
  redis?: boolean;
  database?: boolean;
  /** Put jobs on queues and run queue workers (needs `redis` and `database`: dead letters live in PostgreSQL). */
  queues?: boolean;
  /** Listen for transient notifications over Redis pub/sub (@EventPattern handlers). */
  notifications?: boolean;
  /** Largest request body accepted, in bytes (Fastify's default is 1 MiB). */
  bodyLimitBytes?: number;
  /** Called before the app initialises: extra routes such as the OpenAPI document. */
  configure?: (app: NestFastifyApplication, config: AppConfig) => Promise<void> | void;
  /** Called once the app is listening (e.g. to print URLs). */
  onListening?: (app: NestFastifyApplication, config: AppConfig, logger: Logger) => Promise<void> | void;
}

export interface ServiceApp {
  app: NestFastifyApplication;
  config: AppConfig;
  logger: Logger;
  readiness: Readiness;
  metrics: Metrics;
}

/** The HTTP request duration histogram, shared by Fastify's routes and the raw routes. */
function httpDurationHistogram(metrics: Metrics) {
  return metrics.histogram({
    name: 'wabus_http_request_duration_seconds',
    help: 'HTTP request duration by route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
}

/** Builds a service without listening: what `startService` runs, and what tests start on port 0. */
export async function createServiceApp(definition: ServiceDefinition, config: AppConfig = loadConfig(definition.name)): Promise<ServiceApp> {
  shareIoredisPipelineShape();
  const logger = createLogger(config);
  const metrics = new Metrics(definition.name);
  const readiness = new Readiness();
  const httpDuration = httpDurationHistogram(metrics);
  const rawRoutes = new RawHttpRoutes((method, route, status, seconds) => httpDuration.observe({ method, route, status: String(status) }, seconds));
  if (definition.redis || definition.notifications || definition.queues) await assertRedisReachable(config, logger);
  if (definition.database) await prepareDatabase(config, logger);

  @Module({
    imports: [
      ServiceCoreModule.forRoot(config, logger, metrics, readiness, rawRoutes),
      ...(definition.redis ? [RedisModule] : []),
      ...(definition.database ? [DatabaseModule] : []),
      ...(definition.notifications ? [NotificationsModule] : []),
      ...(definition.queues ? [QueuesModule] : []),
      definition.module,
    ],
  })
  class ServiceRootModule {}

  const adapter = new FastifyAdapter({
    bodyLimit: definition.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: true,
    return503OnClosing: true,
    // Raw routes (the webhook hot path) are answered before Fastify sees the request.
    serverFactory: (handler: RequestListener) => createServer((request, response) => rawRoutes.dispatch(request, response) || handler(request, response)),
  });
  adapter.getInstance().addHook('preClose', (done) => {
    rawRoutes.close();
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule, adapter, {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  app.useGlobalFilters(new ApiExceptionFilter(logger));
  app.useGlobalPipes(apiValidationPipe());
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  if (definition.notifications) {
    app.connectMicroservice({ strategy: new ScopedRedisServer(redisOptionsFromUrl(config.redisUrl), config.queuePrefix) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await definition.configure?.(app, config);
  await app.init();
  return { app, config, logger, readiness, metrics };
}

/** Starts a service as its `main.ts` does: listen, log, and stop gracefully on SIGTERM/SIGINT. */
export async function startService(definition: ServiceDefinition): Promise<void> {
  disableAllocationSitePretenuring();
  let config: AppConfig;
  try {
    config = loadConfig(definition.name);
  } catch (error) {
    return exitWithOneLine(definition.name, error);
  }
  let service: ServiceApp;
  try {
    service = await createServiceApp(definition, config);
    await service.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    return exitWithOneLine(definition.name, error);
  }
  const { app, logger, readiness } = service;
  logger.info({ port: config.port, host: config.host }, `${definition.name} listening on http://${config.host}:${config.port}`);
  await definition.onListening?.(app, config, logger);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    readiness.startDraining();
    logger.info({ signal }, `${definition.name} stopping: no new work, finishing what is in flight`);
    try {
      await withTimeout(app.close(), config.shutdownTimeoutMs, `did not stop within ${config.shutdownTimeoutMs} ms`);
      logger.info(`${definition.name} stopped`);
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, `${definition.name} could not stop cleanly`);
      logger.flush();
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

function exitWithOneLine(service: string, error: unknown): never {
  const variable = error instanceof ConfigError ? ` [${error.variable}]` : '';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${service}: cannot start${variable}: ${message}\n`);
  process.exit(1);
}
