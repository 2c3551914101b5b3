import type { ServiceDefinition } from '@wabus/service';
import { SenderModule } from './sender.module';

export const SENDER_SERVICE: ServiceDefinition = {
  name: 'sender',
  module: SenderModule,
  redis: true,
  database: true,
  notifications: true,
  queues: true,
};
