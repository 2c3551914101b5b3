import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DemoChannelSeeder } from '../demo/demo-channel.seeder';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';

@Module({
  imports: [AuthModule],
  controllers: [ChannelsController],
  providers: [ChannelsService, DemoChannelSeeder],
  exports: [ChannelsService],
})
export class ChannelsModule {}
