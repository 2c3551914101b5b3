import { DomainError, describeCloudApiError, type CloudApiErrorHandling } from '@wabus/domain';
import { GraphApiError, GraphResponseError, GraphTransportError, UnsafeUrlError } from '@wabus/whatsapp';
import { refusalTitle } from './send-refusal';

/** The error recorded with a failed message: Meta's code or ours, a title, and the sentence that explains it. */
export interface SendError {
  code: string;
  title: string;
  details?: string;
}

/**
 * What a job does after a failed send attempt. One exhaustive mapping
 * (style.md habit 5):
 * - `fail`: permanent — record failed, end the job (UnrecoverableError → dead letter, replayable);
 * - `retry`: transient — throw, BullMQ retries with exponential backoff and jitter (an attempt is used);
 * - `delay`: a limit — the job waits and runs again without using an attempt.
 */
export type JobDecision =
  | { action: 'fail'; error: SendError }
  | { action: 'retry'; error: SendError; countsAgainstBreaker: boolean }
  | { action: 'delay'; reason: DelayReason; error: SendError; lowerLevel: boolean };

/** Why a job was put back to wait after Meta refused it for a limit. */
export type DelayReason = 'throughput' | 'pair_limit' | 'maintenance';

export function decideAfterFailure(error: unknown): JobDecision {
  if (error instanceof GraphApiError) return decideForGraphError(error);
  if (error instanceof GraphTransportError) {
    return { action: 'retry', countsAgainstBreaker: true, error: { code: error.kind === 'timeout' ? 'graph_timeout' : 'graph_unreachable', title: error.kind === 'timeout' ? 'Graph API timeout' : 'Graph API unreachable', details: error.message } };
  }
  if (error instanceof GraphResponseError) {
    const sendError = { code: `http_${error.httpStatus}`, title: `Graph API answered HTTP ${error.httpStatus}`, details: error.bodyText || undefined };
    if (error.httpStatus >= 500) return { action: 'retry', countsAgainstBreaker: true, error: sendError };
    if (error.httpStatus === 429) return { action: 'delay', reason: 'throughput', lowerLevel: false, error: sendError };
    return { action: 'fail', error: sendError };
  }
  if (error instanceof UnsafeUrlError) return { action: 'fail', error: { code: 'unsafe_url', title: refusalTitle('unsafe_url'), details: error.message } };
  if (error instanceof DomainError) return { action: 'fail', error: { code: error.code, title: refusalTitle(error.code), details: error.message } };
  // Anything else is ours (PostgreSQL or Redis unreachable, a bug): retried, never dropped.
  const message = error instanceof Error ? error.message : String(error);
  return { action: 'retry', countsAgainstBreaker: false, error: { code: 'internal_error', title: 'Sender error', details: message } };
}

function decideForGraphError(error: GraphApiError): JobDecision {
  const description = describeCloudApiError(error.code, { details: error.details, title: error.title, httpStatus: error.httpStatus, isTransient: error.isTransient });
  const sendError: SendError = { code: String(error.code), title: description.title, details: error.details ?? description.help };
  const handling: CloudApiErrorHandling = description.handling;
  switch (handling) {
    case 'permanent':
    case 'reauthorize':
      return { action: 'fail', error: sendError };
    case 'retry':
      return { action: 'retry', countsAgainstBreaker: error.httpStatus >= 500, error: sendError };
    case 'throughput':
      // Only 130429 is about this number's messages per second; 4 and 80007 are app/WABA call limits: wait, but keep the level.
      return { action: 'delay', reason: 'throughput', lowerLevel: error.code === 130429, error: sendError };
    case 'pair_limit':
      return { action: 'delay', reason: 'pair_limit', lowerLevel: false, error: sendError };
    case 'maintenance':
      return { action: 'delay', reason: 'maintenance', lowerLevel: false, error: sendError };
    default:
      return unreachable(handling);
  }
}

function unreachable(value: never): never {
  throw new TypeError(`Unhandled Cloud API error handling: ${String(value)}`);
}

/** A delay with ±`share` jitter, so jobs refused together do not come back together. */
export function withJitter(ms: number, share: number, random: () => number = Math.random): number {
  return Math.max(0, Math.round(ms * (1 - share + 2 * share * random())));
}
