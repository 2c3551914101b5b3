import { Body, Controller, Delete, Get, Headers, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalidToken, unsupportedRequest } from '../errors/meta-rejection';
import { MediaService } from '../media/media.service';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { TemplateManagementService } from '../templates/template-management.service';
import { GraphAnswer, notRouted, refused } from './graph-answer';
import { bearerToken, isGraphVersion } from './graph-auth';
import { GraphResponder } from './graph.responder';
import { PhoneNumberService } from './phone-number.service';
import { requestOrigin } from './request-origin';
import { GraphExceptionFilter } from '../errors/graph-exception.filter';

/**
 * `/{version}/{node-id}`: Graph routes every node kind through one path, so
 * this controller finds out what the id is (a phone number, a template, an
 * uploaded media) and hands over; an id that is none of them gets Graph's
 * 190 or 100/33 answer.
 */
@UseFilters(GraphExceptionFilter)
@Controller()
export class GraphNodeController {
  constructor(
    private readonly registry: PhoneNumberRegistry,
    private readonly phoneNumbers: PhoneNumberService,
    private readonly templates: TemplateManagementService,
    private readonly media: MediaService,
    private readonly responder: GraphResponder,
  ) {}

  @Get(':version/:nodeId')
  async get(
    @Param('version') version: string,
    @Param('nodeId') nodeId: string,
    @Headers('authorization') authorization: string | undefined,
    @Query() query: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(reply, version, nodeId, 'get', authorization, () => {
      if (this.phoneNumbers.isNumber(nodeId)) return this.phoneNumbers.get(authorization, nodeId, query['fields']);
      if (this.media.isMedia(nodeId)) return this.media.retrieve(authorization, nodeId, query['phone_number_id'], requestOrigin(request));
      return this.templates.getOne(authorization, nodeId, query['fields']);
    });
  }

  @Delete(':version/:nodeId')
  async delete(
    @Param('version') version: string,
    @Param('nodeId') nodeId: string,
    @Headers('authorization') authorization: string | undefined,
    @Query('phone_number_id') phoneNumberId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(reply, version, nodeId, 'delete', authorization, () =>
      this.media.isMedia(nodeId) ? this.media.delete(authorization, nodeId, phoneNumberId) : undefined,
    );
  }

  @Post(':version/:nodeId')
  async edit(
    @Param('version') version: string,
    @Param('nodeId') nodeId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(reply, version, nodeId, 'post', authorization, () => this.templates.edit(authorization, nodeId, body));
  }

  @Get(':version/:wabaId/phone_numbers')
  async phoneNumbersOfWaba(
    @Param('version') version: string,
    @Param('wabaId') wabaId: string,
    @Headers('authorization') authorization: string | undefined,
    @Query('fields') fields: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const answer = isGraphVersion(version)
      ? this.phoneNumbers.listOfWaba(authorization, wabaId, fields)
      : notRouted('GET', `/${version}/${wabaId}/phone_numbers`);
    await this.responder.send(reply, answer);
  }

  private async answer(
    reply: FastifyReply,
    version: string,
    nodeId: string,
    method: string,
    authorization: string | undefined,
    route: () => GraphAnswer | undefined,
  ): Promise<void> {
    if (!isGraphVersion(version)) return this.responder.send(reply, notRouted(method.toUpperCase(), `/${version}/${nodeId}`));
    const answer = route() ?? this.unknownNode(authorization, nodeId, method);
    await this.responder.send(reply, answer);
  }

  private unknownNode(authorization: string | undefined, nodeId: string, method: string): GraphAnswer {
    const token = bearerToken(authorization);
    return refused(token === undefined || !this.registry.isKnownToken(token) ? invalidToken() : unsupportedRequest(method, nodeId));
  }
}
