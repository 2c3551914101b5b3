import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChannelsModule } from '../channels/channels.module';
import { DeadLettersController } from '../dead-letters/dead-letters.controller';
import { DeadLettersService } from '../dead-letters/dead-letters.service';
import { TemplateManagementService } from './template-management.service';
import { GraphModule } from '../graph/graph.module';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({
  imports: [AuthModule, ChannelsModule, GraphModule],
  controllers: [TemplatesController, DeadLettersController],
  providers: [TemplatesService, TemplateManagementService, DeadLettersService],
})
export class TemplatesModule {}
