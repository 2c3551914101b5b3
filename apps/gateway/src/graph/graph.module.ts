import { Module } from '@nestjs/common';
import { GatewayGraph } from './gateway-graph';

@Module({ providers: [GatewayGraph], exports: [GatewayGraph] })
export class GraphModule {}
