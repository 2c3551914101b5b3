import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import type { AppConfig } from '@wabus/config';

/**
 * Paths that may carry secrets anywhere in a log line's fields. Redaction by
 * path is pino's fast path: it costs nothing on lines without these fields.
 */
const REDACT_PATHS = [
  'accessToken',
  'appSecret',
  'verifyToken',
  'secret',
  'password',
  'apiKey',
  'authorization',
  '*.accessToken',
  '*.appSecret',
  '*.verifyToken',
  '*.secret',
  '*.password',
  '*.apiKey',
  '*.authorization',
  'req.headers.authorization',
  'headers.authorization',
  'headers["x-hub-signature-256"]',
];

export function createLogger(config: { service: string } & Pick<AppConfig, 'logLevel' | 'logPretty'>): Logger {
  return pino({
    name: config.service,
    level: config.logLevel,
    base: { service: config.service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    transport: config.logPretty
      ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' } }
      : undefined,
  });
}

/** Nest's own messages (startup, route mapping, exceptions) go to the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, stringify(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, stringify(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, stringify(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, stringify(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  return JSON.stringify(message);
}
