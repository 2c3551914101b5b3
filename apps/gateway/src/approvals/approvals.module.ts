import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChannelsModule } from '../channels/channels.module';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsService } from './approvals.service';

/** `/v1/approvals`: ask a person to approve or reject with two buttons; the decision by poll and by signed callback. */
@Module({ imports: [AuthModule, ChannelsModule], controllers: [ApprovalsController], providers: [ApprovalsService] })
export class ApprovalsModule {}
