// @wabus/client: the SDK business services use to talk to wabus.
export { WabusHttpClient, WabusApiError } from './wabus-http-client';
export type { WabusHttpClientOptions, QueuedMessage } from './wabus-http-client';
export { WabusQueueClient } from './wabus-queue-client';
export type { WabusQueueClientOptions } from './wabus-queue-client';
export { assertValidSendRequest, InvalidSendRequestError } from './send-request';
export type { SendRequest } from './send-request';
// Verifying wabus's signed callbacks and subscription webhooks (X-Wabus-Signature: v1=…).
export { CALLBACK_HEADERS, signCallback, verifyCallback } from '@wabus/domain';
