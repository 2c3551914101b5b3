import { Module } from '@nestjs/common';
import { RuleEvaluator } from '@wabus/domain';
import { AuthModule } from '../auth/auth.module';
import { ChannelsModule } from '../channels/channels.module';
import { ButtonActionsController } from './button-actions.controller';
import { ButtonActionsService } from './button-actions.service';
import { RuleTestService } from './rule-test.service';

/** `/v1/button-actions`: what happens when a button is tapped (run by action-engine), the record of each run, and rules tried before they are saved. */
@Module({
  imports: [AuthModule, ChannelsModule],
  controllers: [ButtonActionsController],
  providers: [ButtonActionsService, RuleTestService, { provide: RuleEvaluator, useFactory: () => new RuleEvaluator() }],
})
export class ButtonActionsModule {}
