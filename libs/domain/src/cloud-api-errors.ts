import {
  CLOUD_API_ERROR_CATALOGUE,
  type CloudApiErrorEntry,
  type CloudApiErrorHandling,
  PERMISSION_RANGE_ENTRY,
} from './cloud-api-error-catalogue';

export interface CloudApiErrorDescription extends CloudApiErrorEntry {
  code: number;
  retryable: boolean;
  /** False when the code is not in our catalogue and the description is a guess. */
  known: boolean;
  /** Meta's `error_data.details`, when given: the most specific explanation there is. */
  details: string | null;
}

/** What else Meta told us about the error, used for the details and to judge unknown codes. */
export interface CloudApiErrorContext {
  details?: string;
  title?: string;
  /** The HTTP status of a synchronous error; absent for webhook errors. */
  httpStatus?: number;
  /** Graph's `is_transient` flag. */
  isTransient?: boolean;
}

/** The synchronous error body of any Graph call (§3.1). */
export interface CloudApiErrorResponse {
  error: {
    message: string;
    type?: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product?: string; details?: string; [extra: string]: unknown };
    fbtrace_id?: string;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    [extra: string]: unknown;
  };
}

export function isRetryableHandling(handling: CloudApiErrorHandling): boolean {
  switch (handling) {
    case 'retry':
    case 'throughput':
    case 'pair_limit':
    case 'maintenance':
      return true;
    case 'permanent':
    case 'reauthorize':
      return false;
    default:
      return unreachable(handling);
  }
}

/** The catalogue entry for a code; 200–299 share one entry, as Meta documents them. */
export function findCloudApiError(code: number): CloudApiErrorEntry | null {
  if (Object.prototype.hasOwnProperty.call(CLOUD_API_ERROR_CATALOGUE, code)) return CLOUD_API_ERROR_CATALOGUE[code];
  if (Number.isInteger(code) && code >= 200 && code <= 299) return PERMISSION_RANGE_ENTRY;
  return null;
}

/**
 * Everything we know about a Cloud API error code, for any number. An unknown
 * code is judged by what came with it: HTTP 5xx or `is_transient` → retry,
 * HTTP 429 → slow down, anything else → permanent, because retrying a request
 * Meta refused for a reason we do not know only repeats the refusal.
 */
export function describeCloudApiError(code: number, context: CloudApiErrorContext = {}): CloudApiErrorDescription {
  const details = typeof context.details === 'string' && context.details !== '' ? context.details : null;
  const known = findCloudApiError(code);
  const entry = known ?? unknownEntry(code, context);
  return { code, ...entry, retryable: isRetryableHandling(entry.handling), known: known !== null, details };
}

function unknownEntry(code: number, context: CloudApiErrorContext): CloudApiErrorEntry {
  const status = context.httpStatus;
  const title = context.title || `Unknown error ${code}`;
  if (status === 429) {
    return {
      title,
      httpStatus: status,
      handling: 'throughput',
      help: `Meta refused the request with error ${code}, which we do not know, and said we are sending too fast.`,
      fix: 'Sending slows down and retries on its own. If it keeps happening, report the code to the wabus maintainers.',
    };
  }
  if ((status !== undefined && status >= 500) || context.isTransient === true) {
    return {
      title,
      httpStatus: status ?? 500,
      handling: 'retry',
      help: `Meta reported error ${code}, which we do not know, and said it is a temporary problem on its side.`,
      fix: "Nothing to do: the message is retried with increasing delays. If it keeps failing, check Meta's status page.",
    };
  }
  return {
    title,
    httpStatus: status ?? 400,
    handling: 'permanent',
    help: `Meta refused the message with error ${code}, which we do not know yet; Meta's details, if any, say why.`,
    fix: "Read the details, look the code up on Meta's error-codes page, fix the request, then send again.",
  };
}

function unreachable(value: never): never {
  throw new TypeError(`Unhandled Cloud API error handling: ${String(value)}`);
}
