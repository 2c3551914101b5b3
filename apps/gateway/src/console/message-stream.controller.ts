import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import { MessageStreamHub } from './message-stream.hub';

/** A comment line often enough that proxies and load balancers keep an idle stream open. */
export const STREAM_HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/stream`: server-sent events of message changes
 * (`event: message`, data `{messageId, conversationId, channelId, status}`),
 * limited to the key's channels. The console reads it with fetch and the
 * Authorization header (EventSource cannot send headers, and a key in the URL
 * would end up in access logs). Changes are best effort, as the notifications
 * behind them: a view reloads what it shows after reconnecting.
 */
@ApiTags('console')
@Controller('v1/stream')
export class MessageStreamController {
  constructor(private readonly hub: MessageStreamHub) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Live message changes as server-sent events (text/event-stream)' })
  @ApiOkResponse({ description: '`event: message` with `{messageId, conversationId, channelId, status}`; `: heartbeat` comments' })
  stream(@Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): void {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers proxied responses unless told not to.
      'x-accel-buffering': 'no',
    });
    response.write('retry: 3000\n: connected\n\n');
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), STREAM_HEARTBEAT_MS);
    const unsubscribe = this.hub.subscribe({
      principal: request.principal,
      deliver: (change) => response.write(`event: message\ndata: ${JSON.stringify(change)}\n\n`),
      end: () => response.end(),
    });
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}
