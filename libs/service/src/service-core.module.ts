import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '@wabus/config';
import { HealthController } from './health.controller';
import { Metrics } from './metrics';
import { RawHttpRoutes } from './raw-http-routes';
import { Readiness } from './readiness';
import { APP_CONFIG, LOGGER } from './tokens';

/** What every wabus service has: its config, its logger, its metrics, its probes. */
@Global()
@Module({})
export class ServiceCoreModule {
  static forRoot(config: AppConfig, logger: Logger, metrics: Metrics, readiness: Readiness, rawRoutes: RawHttpRoutes): DynamicModule {
    return {
      module: ServiceCoreModule,
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Metrics, useValue: metrics },
        { provide: Readiness, useValue: readiness },
        { provide: RawHttpRoutes, useValue: rawRoutes },
      ],
      exports: [APP_CONFIG, LOGGER, Metrics, Readiness, RawHttpRoutes],
    };
  }
}
