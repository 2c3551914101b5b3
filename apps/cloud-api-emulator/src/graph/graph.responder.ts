import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { FaultInjector } from '../faults/fault-injector';
import { GraphAnswer } from './graph-answer';

/**
 * Writes Graph answers, applying the injected latency, and for an injected
 * timeout holds the request without answering, then drops the connection —
 * what a client sees when Meta does not answer.
 */
@Injectable()
export class GraphResponder implements OnModuleDestroy {
  private readonly held = new Set<{
    timer: NodeJS.Timeout;
    reply: FastifyReply;
  }>();

  constructor(private readonly faults: FaultInjector) {}

  async send(reply: FastifyReply, answer: GraphAnswer): Promise<void> {
    const latency = this.faults.settings.latencyMs;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (answer.kind === 'timeout') {
      this.hold(reply, answer.holdMs);
      return;
    }
    await reply.code(answer.status).send(answer.body);
  }

  onModuleDestroy(): void {
    for (const entry of this.held) {
      clearTimeout(entry.timer);
      entry.reply.raw.destroy();
    }
    this.held.clear();
  }

  private hold(reply: FastifyReply, holdMs: number): void {
    reply.hijack();
    const entry = {
      reply,
      timer: setTimeout(() => {
        this.held.delete(entry);
        reply.raw.destroy();
      }, holdMs),
    };
    this.held.add(entry);
  }
}
