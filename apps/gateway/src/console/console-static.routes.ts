import { existsSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '@wabus/service';

export const CONSOLE_PREFIX = '/console';

/**
 * The console's page may load only its own files and talk only to this
 * gateway; images of sent media may come from anywhere (media links are
 * public URLs the business chose).
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob: https: http:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Where `nx build console` put the files: beside the gateway's bundle
 * (dist/apps/gateway → dist/apps/console, also in the image), else under the
 * working directory (tests run the gateway from its sources at the repo root).
 */
export function findConsoleBuild(candidates = [path.resolve(__dirname, '../console'), path.resolve('dist/apps/console')]): string | null {
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/** Serves the operator console (a static single-page app, hash-routed) at /console/. */
@Injectable()
export class ConsoleStaticRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const root = findConsoleBuild();
    fastify.get(CONSOLE_PREFIX, (_request, reply) => reply.redirect(`${CONSOLE_PREFIX}/`));
    if (!root) {
      this.logger.warn('the console is not built (npx nx build console): /console answers 404');
      fastify.get(`${CONSOLE_PREFIX}/*`, (_request, reply) => this.notBuilt(reply));
      return;
    }
    void fastify.register(fastifyStatic, {
      root,
      prefix: `${CONSOLE_PREFIX}/`,
      decorateReply: false,
      index: ['index.html'],
      // Vite puts a content hash in every asset name; index.html must be fetched fresh.
      setHeaders: (reply, filePath) => {
        void reply.header('content-security-policy', CONSOLE_CONTENT_SECURITY_POLICY);
        void reply.header('x-content-type-options', 'nosniff');
        void reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
      cacheControl: false,
    });
  }

  private notBuilt(reply: FastifyReply): FastifyReply {
    return reply.status(404).send({ error: { code: 'console_not_built', message: 'The console is not built on this server: run `npx nx build console` and restart the gateway.' } });
  }
}
