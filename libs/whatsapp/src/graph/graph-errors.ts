import type { AddressKind } from '@wabus/domain';

/**
 * Meta answered with its error envelope (whatsapp-cloud-api.md §3.1). Branch on
 * `code` (and `details`), never on the title, the HTTP status or the subcode:
 * Meta is deprecating titles and subcodes are optional.
 */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';

  constructor(
    readonly httpStatus: number,
    readonly code: number,
    /** Meta's `message` without the `(#code) ` prefix. */
    readonly title: string,
    /** Meta's `error_data.details`: the most specific explanation there is. */
    readonly details: string | undefined,
    readonly subcode: number | undefined,
    readonly fbtraceId: string | undefined,
    /** Graph's `is_transient` flag, when given. */
    readonly isTransient: boolean | undefined,
    /** The envelope exactly as received, for the record. */
    readonly body: Record<string, unknown>,
  ) {
    super(`Graph API error ${code} (HTTP ${httpStatus}): ${title}${details ? ` — ${details}` : ''}`);
  }
}

/**
 * The request did not get an answer: `timeout` or `network` (refused, reset,
 * DNS). `mayHaveReached` is false when the failure happened before the request
 * could be written (connect errors): only then is a retry certain not to
 * duplicate a send Meta accepted.
 */
export class GraphTransportError extends Error {
  override readonly name = 'GraphTransportError';

  constructor(
    readonly kind: 'timeout' | 'network',
    readonly mayHaveReached: boolean,
    message: string,
    readonly causeCode?: string,
  ) {
    super(message);
  }
}

/** An answer that is not Graph's JSON (an HTML error page from a proxy, an empty 502). */
export class GraphResponseError extends Error {
  override readonly name = 'GraphResponseError';

  constructor(
    readonly httpStatus: number,
    /** The first 512 characters of the body, for the record. */
    readonly bodyText: string,
  ) {
    super(`Graph API answered HTTP ${httpStatus} without Graph's error envelope`);
  }
}

/** A URL refused by the SSRF guard: it resolves to an address that is not on the public internet. */
export class UnsafeUrlError extends Error {
  override readonly name = 'UnsafeUrlError';
  readonly code = 'WABUS_UNSAFE_ADDRESS';

  constructor(
    readonly url: string,
    readonly address: string,
    readonly addressKind: AddressKind | 'scheme',
  ) {
    super(
      addressKind === 'scheme'
        ? `${url} is refused: only http and https URLs can be used.`
        : `${url} is refused: it points at ${address}, a ${addressKind.replace('_', '-')} address (set WABUS_ALLOW_PRIVATE_URLS=true only where that is intended).`,
    );
  }
}

export type GraphError = GraphApiError | GraphTransportError | GraphResponseError | UnsafeUrlError;

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof GraphApiError || value instanceof GraphTransportError || value instanceof GraphResponseError || value instanceof UnsafeUrlError;
}

/**
 * Reads Meta's error envelope from a non-2xx answer; null when the body is not
 * one (then the caller reports a GraphResponseError).
 */
export function parseGraphErrorEnvelope(httpStatus: number, body: unknown): GraphApiError | null {
  if (typeof body !== 'object' || body === null) return null;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const fields = error as Record<string, unknown>;
  const code = typeof fields['code'] === 'number' ? fields['code'] : Number(fields['code']);
  if (!Number.isFinite(code)) return null;
  const message = typeof fields['message'] === 'string' ? fields['message'] : '';
  const errorData = typeof fields['error_data'] === 'object' && fields['error_data'] !== null ? (fields['error_data'] as Record<string, unknown>) : {};
  const details = typeof errorData['details'] === 'string' && errorData['details'] !== '' ? errorData['details'] : undefined;
  const subcode = typeof fields['error_subcode'] === 'number' ? fields['error_subcode'] : undefined;
  const fbtraceId = typeof fields['fbtrace_id'] === 'string' ? fields['fbtrace_id'] : undefined;
  const isTransient = typeof fields['is_transient'] === 'boolean' ? fields['is_transient'] : undefined;
  return new GraphApiError(httpStatus, code, stripCodePrefix(message), details, subcode, fbtraceId, isTransient, body as Record<string, unknown>);
}

// "(#131056) (Business Account, Consumer Account) pair rate limit hit" → the title alone.
function stripCodePrefix(message: string): string {
  return message.replace(/^\(#\d+\)\s*/, '');
}
