import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiError, describeApiError, LOGGER, RawHttpRoutes, readRequestBody } from '@wabus/service';
import { WebhookIngressService } from './webhook-ingress.service';

type VerificationRequest = FastifyRequest<{ Params: { channelId: string }; Querystring: Record<string, unknown> }>;

const DELIVERY_ROUTE = '/webhooks/whatsapp/:channelId';
const RECEIVED = Buffer.from('{"received":true}');

/**
 * Meta's webhook endpoints (contract): GET verification, POST deliveries.
 *
 * Deliveries are the hot path (Meta asks for a median under 250 ms at 3× the
 * outbound rate, and a burst can be thousands per second), so they are a raw
 * route answered by the HTTP server before Fastify and Nest: the body stays
 * the exact bytes Meta signed, and no router hooks, content-type parser or
 * middleware run per delivery. Measured with `npm run bench ingress`, this is
 * what brings the gateway level with a bare node:http server (docs/architecture.md).
 * The rare verification handshake stays an ordinary Fastify route. Errors on
 * both go through the one mapping of the API (`describeApiError`).
 */
@Injectable()
export class WebhookRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly rawRoutes: RawHttpRoutes,
    private readonly ingress: WebhookIngressService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const bodyLimit = fastify.initialConfig.bodyLimit ?? 1024 * 1024;
    fastify.get(DELIVERY_ROUTE, (request: VerificationRequest, reply) => this.verify(request, reply));
    this.rawRoutes.add('POST', DELIVERY_ROUTE, (request, response, channelId) => void this.deliver(request, response, channelId, bodyLimit));
  }

  private async verify(request: VerificationRequest, reply: FastifyReply): Promise<void> {
    try {
      const query = request.query;
      const challenge = await this.ingress.verify(request.params.channelId, query['hub.mode'], query['hub.verify_token'], query['hub.challenge']);
      await reply.status(200).header('content-type', 'text/plain; charset=utf-8').send(challenge);
    } catch (error) {
      const [status, body] = describeApiError(error, this.logger);
      await reply.status(status).send(body);
    }
  }

  private async deliver(request: IncomingMessage, response: ServerResponse, channelId: string, bodyLimit: number): Promise<void> {
    try {
      const body = await readRequestBody(request, bodyLimit);
      await this.ingress.accept(channelId, body, request.headers['x-hub-signature-256'], () => {
        if (!isJsonContentType(request.headers['content-type'])) throw new ApiError(415, 'unsupported_media_type', 'Meta sends deliveries as application/json.');
      });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': RECEIVED.length }).end(RECEIVED);
    } catch (error) {
      if (response.headersSent || response.destroyed) return;
      const [status, body] = describeApiError(error, this.logger);
      // After a refused oversized body the rest of it is not read: close the connection.
      const headers = status === 413 ? { 'content-type': 'application/json', connection: 'close' } : { 'content-type': 'application/json' };
      response.writeHead(status, headers).end(JSON.stringify(body));
    }
  }
}

function isJsonContentType(header: string | undefined): boolean {
  return header === undefined || /^application\/json\b/i.test(header);
}
