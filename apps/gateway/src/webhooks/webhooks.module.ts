import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { InboundEnqueueBatcher } from './inbound-enqueue.batcher';
import { WebhookIngressService } from './webhook-ingress.service';
import { WebhookRoutes } from './webhook.routes';

@Module({
  imports: [ChannelsModule],
  providers: [InboundEnqueueBatcher, WebhookIngressService, WebhookRoutes],
})
export class WebhooksModule {}
