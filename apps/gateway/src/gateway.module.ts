import { Module } from '@nestjs/common';
import { ApprovalsModule } from './approvals/approvals.module';
import { AuthModule } from './auth/auth.module';
import { ButtonActionsModule } from './button-actions/button-actions.module';
import { ChannelsModule } from './channels/channels.module';
import { ConsoleModule } from './console/console.module';
import { ConversationsModule } from './conversations/conversations.module';
import { MessagesModule } from './messages/messages.module';
import { TemplatesModule } from './templates/templates.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({ imports: [AuthModule, WebhooksModule, ChannelsModule, MessagesModule, ConversationsModule, TemplatesModule, ButtonActionsModule, ApprovalsModule, SubscriptionsModule, ConsoleModule] })
export class GatewayModule {}
