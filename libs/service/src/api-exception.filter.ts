import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { DomainError, DomainErrorCode } from '@wabus/domain';
import { InvalidCursorError } from '@wabus/persistence';
import { ApiError } from './api-error';
import { LOGGER } from './tokens';

/** The HTTP status of each domain rule; the compiler insists on every code. */
const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  invalid_phone_number: 400,
  window_closed: 422,
};

/** Fastify's own errors (raised before a handler runs) in the contract's words. */
const FASTIFY_ERRORS: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is larger than this endpoint accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'The request body must be JSON (Content-Type: application/json).',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_json', message: 'The request body is empty but declared as JSON.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Every error leaves the API as `{"error":{"code","message","details"}}` with a
 * fitting status (contract). Unknown errors become a 500 whose details are
 * logged, never returned.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = describeApiError(exception, this.logger);
    void reply.status(status).send(body);
  }
}

/** The one mapping from any error to the contract's status and body (also used by routes outside Nest's router). */
export function describeApiError(exception: unknown, logger: Logger): [number, ErrorBody] {
  if (exception instanceof ApiError) return [exception.status, body(exception.code, exception.message, exception.details)];
  if (exception instanceof InvalidCursorError) return [400, body(exception.code, exception.message)];
  if (exception instanceof DomainError) {
    const status = DOMAIN_ERROR_STATUS[exception.code as DomainErrorCode] ?? 422;
    return [status, body(exception.code, exception.message, exception.details)];
  }
  const fastifyCode = (exception as { code?: unknown }).code;
  if (typeof fastifyCode === 'string' && fastifyCode in FASTIFY_ERRORS) {
    const known = FASTIFY_ERRORS[fastifyCode];
    return [(exception as { statusCode?: number }).statusCode ?? 400, body(known.code, known.message)];
  }
  if (exception instanceof SyntaxError && (exception as { statusCode?: number }).statusCode === 400) {
    return [400, body('malformed_json', 'The request body is not valid JSON.')];
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest re-throws Fastify's FST_ERR_CTP_INVALID_JSON_BODY as a plain HttpException, keeping only its text.
    if (status === 400 && /not valid JSON/i.test(exception.message))
      return [400, body('malformed_json', 'The request body is not valid JSON.')];
    return [status, body(codeForStatus(status), exception.message.endsWith('.') ? exception.message : `${exception.message}.`)];
  }
  logger.error({ err: exception }, 'unexpected error while answering a request');
  return [500, body('internal_error', 'Something went wrong on our side; the error was logged.')];
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'internal_error' : 'bad_request';
  }
}
