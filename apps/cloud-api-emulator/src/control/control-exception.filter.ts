import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '@wabus/service';

interface CodedError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

function isCodedError(value: unknown): value is CodedError {
  const candidate = value as Partial<CodedError> | null;
  return typeof candidate?.status === 'number' && typeof candidate.code === 'string' && typeof candidate.message === 'string';
}

/**
 * Control routes answer errors as the rest of wabus does,
 * `{"error": {"code", "message", "details"?}}`, whether the error came from
 * our services (controlError), from a validation pipe, or from Fastify.
 */
@Catch()
export class ControlExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = this.describe(exception);
    void reply.code(status).send(body);
  }

  private describe(exception: unknown): [number, unknown] {
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'error' in response && typeof response.error === 'object')
        return [exception.getStatus(), response];
      return [
        exception.getStatus(),
        {
          error: {
            code: exception.getStatus() === 404 ? 'not_found' : 'invalid_request',
            message: exception.message,
          },
        },
      ];
    }
    if (isCodedError(exception)) {
      const { status, code, message, details } = exception;
      return [
        status,
        {
          error: details === undefined ? { code, message } : { code, message, details },
        },
      ];
    }
    this.logger.error({ err: exception }, 'Control route failed.');
    return [
      500,
      {
        error: {
          code: 'internal_error',
          message: 'The emulator failed to handle this request; see its log.',
        },
      },
    ];
  }
}
