import { Module } from '@nestjs/common';
import { ChannelChangesController } from '../channels/channel-changes.controller';
import { ChannelCredentialsCache } from '../channels/channel-credentials.cache';
import { InboundEnqueueBatcher } from './inbound-enqueue.batcher';
import { WebhookIngressService } from './webhook-ingress.service';
import { WebhookRoutes } from './webhook.routes';

@Module({
  controllers: [ChannelChangesController],
  providers: [ChannelCredentialsCache, InboundEnqueueBatcher, WebhookIngressService, WebhookRoutes],
  exports: [ChannelCredentialsCache],
})
export class WebhooksModule {}
