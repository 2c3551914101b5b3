import { Body, Controller, Delete, Get, Headers, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListingQuery } from '../templates/template-listing';
import { TemplateManagementService } from '../templates/template-management.service';
import { GraphAnswer, notRouted } from './graph-answer';
import { isGraphVersion } from './graph-auth';
import { GraphResponder } from './graph.responder';
import { requestOrigin } from './request-origin';
import { GraphExceptionFilter } from '../errors/graph-exception.filter';

/** `/{version}/{waba-id}/message_templates`: list with paging, create, delete. */
@UseFilters(GraphExceptionFilter)
@Controller()
export class TemplatesController {
  constructor(
    private readonly templates: TemplateManagementService,
    private readonly responder: GraphResponder,
  ) {}

  @Get(':version/:wabaId/message_templates')
  async list(
    @Param('version') version: string,
    @Param('wabaId') wabaId: string,
    @Headers('authorization') authorization: string | undefined,
    @Query() query: ListingQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const linkBase = `${requestOrigin(request)}/${version}/${wabaId}/message_templates`;
    await this.answer(reply, 'GET', version, wabaId, () => this.templates.list(authorization, wabaId, query, linkBase));
  }

  @Post(':version/:wabaId/message_templates')
  async create(
    @Param('version') version: string,
    @Param('wabaId') wabaId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(reply, 'POST', version, wabaId, () => this.templates.create(authorization, wabaId, body));
  }

  @Delete(':version/:wabaId/message_templates')
  async delete(
    @Param('version') version: string,
    @Param('wabaId') wabaId: string,
    @Headers('authorization') authorization: string | undefined,
    @Query() query: ListingQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(reply, 'DELETE', version, wabaId, () => this.templates.delete(authorization, wabaId, query));
  }

  private async answer(reply: FastifyReply, method: string, version: string, wabaId: string, action: () => GraphAnswer): Promise<void> {
    await this.responder.send(reply, isGraphVersion(version) ? action() : notRouted(method, `/${version}/${wabaId}/message_templates`));
  }
}
