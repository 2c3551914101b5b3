import type { ServiceDefinition } from '@wabus/service';
import { StoreModule } from './store.module';

export const STORE_SERVICE: ServiceDefinition = {
  name: 'store',
  module: StoreModule,
  redis: true,
  database: true,
  notifications: true,
  queues: true,
};
