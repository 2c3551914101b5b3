import type { ServiceDefinition } from '@wabus/service';
import { TemplateSyncModule } from './template-sync.module';

export const TEMPLATE_SYNC_SERVICE: ServiceDefinition = {
  name: 'template-sync',
  module: TemplateSyncModule,
  redis: true,
  database: true,
  notifications: true,
  queues: true,
};
