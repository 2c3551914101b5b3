import { All, Controller, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notRouted } from './graph-answer';
import { GraphResponder } from './graph.responder';
import { GraphExceptionFilter } from '../errors/graph-exception.filter';

/**
 * Any path no route knows: Graph's "Unknown path components" (code 2500) for
 * Graph-looking paths, a plain 404 for the emulator's own prefixes.
 */
@UseFilters(GraphExceptionFilter)
@Controller()
export class GraphFallbackController {
  constructor(private readonly responder: GraphResponder) {}

  @All('*')
  async unknown(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.responder.send(reply, notRouted(request.method, request.url.split('?')[0]));
  }
}
