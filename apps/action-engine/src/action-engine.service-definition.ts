import type { ServiceDefinition } from '@wabus/service';
import { ActionEngineModule } from './action-engine.module';

export const ACTION_ENGINE_SERVICE: ServiceDefinition = {
  name: 'action-engine',
  module: ActionEngineModule,
  redis: true,
  database: true,
  notifications: true,
  queues: true,
};
