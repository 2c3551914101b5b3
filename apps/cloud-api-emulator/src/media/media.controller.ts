import { Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newFbtraceId } from '../errors/fbtrace-id';
import { notRouted } from '../graph/graph-answer';
import { isGraphVersion } from '../graph/graph-auth';
import { GraphResponder } from '../graph/graph.responder';
import { MediaService } from './media.service';
import { GraphExceptionFilter } from '../errors/graph-exception.filter';

/** `POST /{version}/{phone-number-id}/media` (multipart upload) and the download URLs handed out by retrieve. */
@UseFilters(GraphExceptionFilter)
@Controller()
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly responder: GraphResponder,
  ) {}

  @Post(':version/:phoneNumberId/media')
  async upload(
    @Param('version') version: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const answer = isGraphVersion(version)
      ? await this.media.upload(authorization, phoneNumberId, request)
      : notRouted('POST', `/${version}/${phoneNumberId}/media`);
    await this.responder.send(reply, answer);
  }

  @Get('_media/:mediaId')
  async download(
    @Param('mediaId') mediaId: string,
    @Query('ext') expires: string | undefined,
    @Query('hash') hash: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = this.media.download(authorization, mediaId, expires, hash);
    if (result.kind === 'refused') {
      await reply.code(result.rejection.httpStatus).send(result.rejection.toEnvelope(newFbtraceId()));
      return;
    }
    await reply.header('content-type', result.media.mimeType).header('content-length', result.media.bytes.length).send(result.media.bytes);
  }
}
