import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiError, describeApiError, LOGGER } from '@wabus/service';
import { WebhookIngressService } from './webhook-ingress.service';

type WebhookRequest = FastifyRequest<{ Params: { channelId: string }; Querystring: Record<string, unknown>; Body: Buffer }>;

/**
 * Meta's webhook endpoints (contract): GET verification, POST deliveries.
 * They are plain Fastify routes in their own plugin rather than a Nest
 * controller: this is the hot path (Meta asks for a median under 250 ms at
 * 3× the outbound rate), and here the body arrives as raw bytes with no parse
 * by the framework, no pipes and no guards. Errors still go through the one
 * mapping of the API (`describeApiError`).
 */
@Injectable()
export class WebhookRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly ingress: WebhookIngressService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (scope) => {
      // Inside this plugin only: JSON bodies stay Buffers (the signature is over the exact bytes).
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      scope.setErrorHandler((error, _request, reply) => this.fail(reply, error));
      scope.get('/webhooks/whatsapp/:channelId', (request: WebhookRequest, reply) => this.verify(request, reply));
      scope.post('/webhooks/whatsapp/:channelId', (request: WebhookRequest, reply) => this.deliver(request, reply));
    });
  }

  private async verify(request: WebhookRequest, reply: FastifyReply): Promise<void> {
    try {
      const query = request.query;
      const challenge = await this.ingress.verify(request.params.channelId, query['hub.mode'], query['hub.verify_token'], query['hub.challenge']);
      await reply.status(200).header('content-type', 'text/plain; charset=utf-8').send(challenge);
    } catch (error) {
      await this.fail(reply, error);
    }
  }

  private async deliver(request: WebhookRequest, reply: FastifyReply): Promise<void> {
    try {
      const body = Buffer.isBuffer(request.body) ? request.body : undefined;
      await this.ingress.accept(request.params.channelId, body, request.headers['x-hub-signature-256'], () => {
        if (!isJsonContentType(request.headers['content-type'])) throw new ApiError(415, 'unsupported_media_type', 'Meta sends deliveries as application/json.');
      });
      await reply.status(200).header('content-type', 'application/json').send('{"received":true}');
    } catch (error) {
      await this.fail(reply, error);
    }
  }

  private async fail(reply: FastifyReply, error: unknown): Promise<void> {
    const [status, body] = describeApiError(error, this.logger);
    await reply.status(status).send(body);
  }
}

function isJsonContentType(header: string | undefined): boolean {
  return header === undefined || /^application\/json\b/i.test(header);
}
