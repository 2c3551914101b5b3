import { describeCloudApiError } from '@wabus/domain';
import { ApiError } from '@wabus/service';
import { GraphApiError, GraphResponseError, GraphTransportError, UnsafeUrlError } from '@wabus/whatsapp';

// Meta's subcode for "this name already has content in this language" (whatsapp-cloud-api.md §3.3).
const TEMPLATE_EXISTS_SUBCODE = 2388023;

/**
 * A failed template management call in the API's words: Meta's refusal keeps
 * its code, subcode and user message in `details`, so an operator reads what
 * Meta said without leaving wabus. Anything else is rethrown as is.
 */
export function templateGraphError(error: unknown): unknown {
  if (error instanceof GraphApiError) {
    const envelope = (error.body['error'] ?? {}) as Record<string, unknown>;
    const userMessage = typeof envelope['error_user_msg'] === 'string' ? envelope['error_user_msg'] : null;
    const details = { metaCode: error.code, subcode: error.subcode ?? null, title: error.title, details: error.details ?? null, userMessage, fbtraceId: error.fbtraceId ?? null };
    const said = userMessage ?? error.details ?? error.title;
    if (error.code === 100 && error.subcode === TEMPLATE_EXISTS_SUBCODE) return new ApiError(409, 'template_exists', `Meta already has a template with this name in this language: ${said}`, details);
    const description = describeCloudApiError(error.code, { httpStatus: error.httpStatus, isTransient: error.isTransient, details: error.details, title: error.title });
    switch (description.handling) {
      case 'throughput':
        return new ApiError(429, 'meta_rate_limited', `Meta limits template management calls per WhatsApp Business Account and hour (error ${error.code}); try again later.`, details);
      case 'reauthorize':
        return new ApiError(422, 'channel_unauthorized', `Meta refused the channel's access token (error ${error.code}): ${description.fix}`, details);
      case 'retry':
      case 'maintenance':
        return new ApiError(502, 'meta_unavailable', `Meta could not handle the request right now (error ${error.code}); try again in a moment.`, details);
      default:
        return new ApiError(422, 'meta_rejected', `Meta refused the request (error ${error.code}): ${said}`, details);
    }
  }
  if (error instanceof GraphTransportError || error instanceof GraphResponseError) {
    return new ApiError(502, 'meta_unavailable', `The Graph API did not answer properly: ${error.message}.`);
  }
  if (error instanceof UnsafeUrlError) return new ApiError(422, 'unsafe_graph_url', error.message);
  return error;
}
