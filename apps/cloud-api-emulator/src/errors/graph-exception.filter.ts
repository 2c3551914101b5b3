import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '@wabus/service';
import { newFbtraceId } from './fbtrace-id';
import { MetaRejection } from './meta-rejection';

/**
 * On Graph routes every error leaves in Meta's envelope, whatever raised it:
 * a client of the Graph API parses nothing else. Handlers answer Meta's
 * refusals themselves; this covers what escapes them (a body too large, a bug).
 */
@Catch()
export class GraphExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = statusOf(exception);
    if (status >= 500)
      this.logger.error(
        {
          err: exception,
          url: host.switchToHttp().getRequest<FastifyRequest>().url,
        },
        'Graph route failed.',
      );
    const rejection =
      exception instanceof MetaRejection
        ? exception
        : status === 413
          ? new MetaRejection(100, {
              httpStatus: 413,
              details: 'The request body is too large.',
            })
          : status < 500
            ? new MetaRejection(100, {
                details: `The request could not be read: ${exception instanceof Error ? exception.message : String(exception)}`,
              })
            : new MetaRejection(131000);
    void reply.code(rejection.httpStatus).send(rejection.toEnvelope(newFbtraceId()));
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown; status?: unknown } | null)?.statusCode ?? (exception as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 500;
}
