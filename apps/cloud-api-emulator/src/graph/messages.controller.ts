import { Controller, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphExceptionFilter } from '../errors/graph-exception.filter';
import { notRouted } from './graph-answer';
import { isGraphVersion } from './graph-auth';
import { GraphResponder } from './graph.responder';
import { SendMessageService } from './send-message.service';

type SendRequest = FastifyRequest<{ Params: { version: string; phoneNumberId: string } }>;

/** `POST /{version}/{phone-number-id}/messages`: every message type, read receipts, typing indicators. */
@UseFilters(GraphExceptionFilter)
@Controller()
export class MessagesController {
  constructor(
    private readonly sends: SendMessageService,
    private readonly responder: GraphResponder,
  ) {}

  // The hot path of every benchmark: it reads the request itself rather than through @Param/@Headers/@Body,
  // which would run the app's global validation pipe (async) once per parameter on every send.
  @Post(':version/:phoneNumberId/messages')
  async send(@Req() request: SendRequest, @Res() reply: FastifyReply): Promise<void> {
    const { version, phoneNumberId } = request.params;
    const answer = isGraphVersion(version)
      ? this.sends.send(version, phoneNumberId, request.headers.authorization, request.body)
      : notRouted('POST', `/${version}/${phoneNumberId}/messages`);
    await this.responder.send(reply, answer);
  }
}
