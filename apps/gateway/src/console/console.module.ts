import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConsoleStaticRoutes } from './console-static.routes';
import { MeController } from './me.controller';
import { MessageChangesController } from './message-changes.controller';
import { MessageStreamController } from './message-stream.controller';
import { MessageStreamHub } from './message-stream.hub';
import { QueueDepthsController } from './queue-depths.controller';
import { QueueDepthsService } from './queue-depths.service';

/** The operator console: its static files at /console, and the routes only it needs (who am I, live changes, queue depths). */
@Module({
  imports: [AuthModule],
  controllers: [MeController, MessageStreamController, MessageChangesController, QueueDepthsController],
  providers: [ConsoleStaticRoutes, MessageStreamHub, QueueDepthsService],
})
export class ConsoleModule {}
