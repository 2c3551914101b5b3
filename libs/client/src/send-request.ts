import { normalizePhoneNumber, outboundMessageProblems, OutboundMessageType, OutboundPayloads } from '@wabus/domain';

/** What a business service sends: `{channelId, to, type, <type object as in Meta's API>, idempotencyKey?, context?}`. */
export type SendRequest = {
  [K in OutboundMessageType]: {
    channelId: string;
    /** A phone number in any common format, or a contact of the channel. */
    to: string | { contactId: string };
    type: K;
    idempotencyKey?: string;
    context?: { message_id: string };
  } & { [P in K]: OutboundPayloads[K] };
}[OutboundMessageType];

/** A request the SDK refused before sending it anywhere; `problems` name each field. */
export class InvalidSendRequestError extends Error {
  readonly code = 'validation_failed';
  constructor(readonly problems: Array<{ field: string; problem: string }>) {
    super(`The message is invalid: ${problems.map((problem) => `${problem.field} (${problem.problem})`).join(', ')}.`);
    this.name = 'InvalidSendRequestError';
  }
}

/** The same cross-field rules the gateway applies, checked before a request leaves the business service. */
export function assertValidSendRequest(request: SendRequest): void {
  const problems = outboundMessageProblems(request.type, request as unknown as Partial<Record<OutboundMessageType, unknown>>);
  if (typeof request.to === 'string') {
    try {
      normalizePhoneNumber(request.to);
    } catch (error) {
      problems.push({ field: 'to', problem: (error as Error).message });
    }
  }
  if (problems.length > 0) throw new InvalidSendRequestError(problems);
}
