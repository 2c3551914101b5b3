import { describeCloudApiError } from '@wabus/domain';
import { SecretBoxError } from '@wabus/persistence';
import { GraphApiError, GraphResponseError, GraphTransportError, UnsafeUrlError } from '@wabus/whatsapp';

/**
 * What a sync does about a failed Graph call:
 * - `transient`: Meta's side or the network (5xx, code 1/2/131000/133004,
 *   timeouts): try the page again with backoff, then let the job retry.
 * - `rate_limited`: 80007 (the WABA) or 4 (the app) — management calls are
 *   limited per hour (§8.5): wait minutes, not seconds.
 * - `permanent`: the token, a permission, the WABA id, the URL: an operator
 *   must act; retrying repeats the refusal.
 */
export type GraphFailureKind = 'transient' | 'rate_limited' | 'permanent';

export interface GraphFailure {
  kind: GraphFailureKind;
  /** Meta's code, or the HTTP status / transport kind when there is none; a metric label. */
  code: string;
  /** One line for the channel's last_template_sync_error. */
  message: string;
}

export function classifyGraphFailure(error: unknown): GraphFailure {
  if (error instanceof GraphApiError) {
    const description = describeCloudApiError(error.code, { httpStatus: error.httpStatus, isTransient: error.isTransient, details: error.details, title: error.title });
    const kind: GraphFailureKind =
      description.handling === 'throughput' ? 'rate_limited' : description.retryable || error.httpStatus >= 500 ? 'transient' : 'permanent';
    const details = error.details ? ` — ${error.details}` : '';
    return { kind, code: String(error.code), message: `Meta answered error ${error.code} (HTTP ${error.httpStatus}): ${error.title}${details}. ${description.fix}` };
  }
  if (error instanceof GraphTransportError) {
    return { kind: 'transient', code: error.kind, message: `No answer from the Graph API: ${error.message}.` };
  }
  if (error instanceof GraphResponseError) {
    const kind: GraphFailureKind = error.httpStatus === 429 ? 'rate_limited' : error.httpStatus >= 500 ? 'transient' : 'permanent';
    return { kind, code: `http_${error.httpStatus}`, message: `The Graph API answered HTTP ${error.httpStatus} without its error envelope.` };
  }
  if (error instanceof SecretBoxError) {
    return { kind: 'permanent', code: error.code, message: `The channel's access token cannot be opened (${error.message}); save the token on the channel again.` };
  }
  if (error instanceof UnsafeUrlError) {
    return { kind: 'permanent', code: 'unsafe_url', message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'transient', code: 'unexpected', message: `Template sync failed: ${message}` };
}
