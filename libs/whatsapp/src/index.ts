export { signWebhookBody, verifyWebhookSignature } from './webhook-signature';
export { serializeLikeMeta } from './meta-json';
export { EMULATOR_DEMO_CHANNEL } from './emulator-demo-channel';
// Graph API client (sends, read receipts, phone number, media), its errors, payload builders and the SSRF guard.
export { GraphClient, translateTransportError } from './graph/graph-client';
export type { GraphClientOptions, GraphExchange, GraphTarget, MediaFile, MediaInfo, PhoneNumberInfo } from './graph/graph-client';
export { GraphApiError, GraphResponseError, GraphTransportError, UnsafeUrlError, isGraphError, parseGraphErrorEnvelope } from './graph/graph-errors';
export type { GraphError } from './graph/graph-errors';
export { buildMessageRequest, buildReadReceipt } from './graph/message-request';
export type { MessageRequestInput } from './graph/message-request';
export { assertPublicUrl, assertSafeUrl, publicOnlyLookup } from './graph/url-guard';
export { baseMimeType, mediaKindOf, MAX_MEDIA_BYTES } from './graph/media-kinds';
export type { MediaKind } from './graph/media-kinds';
export { redactSecrets } from './graph/redaction';
// Template management on a WABA (list pages, create, delete), composed on GraphClient.request.
export type { GraphCredentials } from './graph/graph-client';
export { createTemplate, deleteTemplate, listTemplatesPage } from './graph/template-requests';
export type { TemplateCreateAnswer, TemplateCreateRequest, TemplateListAnswer, TemplateListQuery } from './graph/template-requests';
