import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DemoChannelSeeder } from '../demo/demo-channel.seeder';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { ChannelVerifier } from './channel-verifier';
import { GraphModule } from '../graph/graph.module';

@Module({
  imports: [AuthModule, GraphModule],
  controllers: [ChannelsController],
  providers: [ChannelsService, ChannelVerifier, DemoChannelSeeder],
  exports: [ChannelsService],
})
export class ChannelsModule {}
