import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChannelsModule } from '../channels/channels.module';
import { ButtonActionsController } from './button-actions.controller';
import { ButtonActionsService } from './button-actions.service';

/** `/v1/button-actions`: what happens when a button is tapped (run by action-engine), and the record of each run. */
@Module({ imports: [AuthModule, ChannelsModule], controllers: [ButtonActionsController], providers: [ButtonActionsService] })
export class ButtonActionsModule {}
