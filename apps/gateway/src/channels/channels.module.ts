import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DemoChannelSeeder } from '../demo/demo-channel.seeder';
import { ChannelChangesController } from './channel-changes.controller';
import { ChannelCredentialsCache } from './channel-credentials.cache';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { ChannelVerifier } from './channel-verifier';
import { GraphModule } from '../graph/graph.module';

@Module({
  imports: [AuthModule, GraphModule],
  controllers: [ChannelsController, ChannelChangesController],
  providers: [ChannelsService, ChannelVerifier, DemoChannelSeeder, ChannelCredentialsCache],
  exports: [ChannelsService, ChannelCredentialsCache],
})
export class ChannelsModule {}
