import multipart from '@fastify/multipart';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { EMULATOR_BODY_LIMIT_BYTES } from '../media/media-limits';
import { installGraphJsonParser } from './graph-json.parser';

/**
 * What the emulator adds to the Fastify instance: multipart for media uploads
 * (whatsapp-cloud-api.md §6.1) and a JSON parser that lets Graph routes answer
 * malformed bodies in Meta's shape. Done at module init, before the server is
 * ready, so it works the same under `startService` and in tests.
 */
@Injectable()
export class FastifyPluginsRegistrar implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    installGraphJsonParser(fastify);
    // Not awaited: awaiting would make Fastify build the routes now, before Nest installs its error handler on them.
    void fastify.register(multipart, {
      limits: { fileSize: EMULATOR_BODY_LIMIT_BYTES, files: 1, fields: 10 },
    });
  }
}
