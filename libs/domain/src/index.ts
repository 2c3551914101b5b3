// @wabus/domain: the rules of wabus as plain functions and types, no framework.
// Import only from here.

// Errors: a machine code and a sentence for people.
export { DomainError, InvalidPhoneNumberError, WindowClosedError } from './domain-error';
export type { DomainErrorCode, PhoneNumberProblem } from './domain-error';

// Outbound messages in Meta's shapes, and what can be sent when.
export { FREE_FORM_TYPES, OUTBOUND_MESSAGE_TYPES, isFreeFormType, isOutboundMessageType } from './message-types';
export type {
  AudioPayload,
  ContactCard,
  ContactsPayload,
  CurrencyValue,
  DateTimeValue,
  DocumentPayload,
  FreeFormMessageType,
  ImagePayload,
  InteractiveButtonPayload,
  InteractiveCtaUrlPayload,
  InteractiveHeader,
  InteractiveListPayload,
  InteractivePayload,
  ListRow,
  LocationPayload,
  MarkAsReadRequest,
  MediaSource,
  MessageContext,
  OutboundKind,
  OutboundMessageType,
  OutboundPayloads,
  ReactionPayload,
  ReceiptKind,
  ReplyButton,
  SendMessageRequest,
  SendMessageResponse,
  StickerPayload,
  TemplateButtonSubType,
  TemplateComponent,
  TemplateParameter,
  TemplatePayload,
  TextPayload,
  VideoPayload,
} from './message-types';
export { readableText } from './readable-text';

// Inbound webhooks in Meta's shapes, and the splitter that flattens a delivery.
export type {
  InboundAudioMessage,
  InboundButtonMessage,
  InboundContactsMessage,
  InboundContext,
  InboundDocumentMessage,
  InboundImageMessage,
  InboundInteractive,
  InboundInteractiveMessage,
  InboundLocationMessage,
  InboundMedia,
  InboundMessage,
  InboundMessageBase,
  InboundMessageType,
  InboundOrderMessage,
  InboundReactionMessage,
  InboundReferral,
  InboundRequestWelcomeMessage,
  InboundStickerMessage,
  InboundSystemMessage,
  InboundTextMessage,
  InboundUnsupportedMessage,
  InboundVideoMessage,
  MessagesChangeValue,
  PhoneNumberQualityUpdate,
  TemplateCategoryUpdate,
  TemplateStatusEvent,
  TemplateStatusUpdate,
  WebhookChange,
  WebhookContact,
  WebhookEntry,
  WebhookEnvelope,
  WebhookError,
  WebhookMetadata,
  WebhookStatus,
  WebhookStatusValue,
} from './webhook-types';
export { splitWebhookEnvelope, webhookTimestampToDate } from './webhook-envelope';
export type {
  ErrorItem,
  MessageItem,
  OtherItem,
  SplitWebhook,
  StatusItem,
  TemplateStatusItem,
  UnrecognizedMessageItem,
  WebhookItem,
  WebhookProblem,
} from './webhook-envelope';

// Message status: which update wins.
export { MESSAGE_STATUSES, applyStatus, isKnownStatus, statusFromWebhook, statusHistory } from './message-status';
export type { MessageStatus, StatusEntry } from './message-status';

// Phone numbers: E.164 and Meta's wa_id.
export { e164OrAsGiven, normalizePhoneNumber, waIdToE164 } from './phone-number';
export type { PhoneNumber } from './phone-number';

// Cloud API errors: what happened, what to do, whether to retry.
export { CLOUD_API_ERROR_CATALOGUE, CLOUD_API_ERROR_HANDLINGS } from './cloud-api-error-catalogue';
export type { CloudApiErrorEntry, CloudApiErrorHandling } from './cloud-api-error-catalogue';
export { describeCloudApiError, findCloudApiError, isRetryableHandling } from './cloud-api-errors';
export type { CloudApiErrorContext, CloudApiErrorDescription, CloudApiErrorResponse } from './cloud-api-errors';

// The 24-hour customer service window.
export { CUSTOMER_SERVICE_WINDOW_MS, assertCanSend, mustUseTemplate, windowState } from './customer-service-window';
export type { WindowState } from './customer-service-window';

// Pair rate limit (one message per 6 s to the same user).
export { PAIR_BURST_LIMIT, PAIR_LIMIT_MAX_BACKOFF_MS, PAIR_RATE_INTERVAL_MS, pairBurstRecoveryMs, pairLimitBackoffMs } from './pair-rate';

// Cross-field rules of Meta's send payloads, checked before anything is queued.
export { outboundMessageProblems } from './outbound-message-rules';
export type { PayloadProblem } from './outbound-message-rules';

// Button actions: the action types, their configs, placeholders in their texts.
export { ACTION_TEXT_MAX_LENGTH, BUTTON_ACTION_TYPES, CONTACT_ATTRIBUTE_FIELD, buttonActionConfigProblems, isButtonActionType } from './button-action-config';
export type {
  ActionConfigOptions,
  ButtonActionConfigs,
  ButtonActionType,
  CreateTicketConfig,
  EffectType,
  RuleConfig,
  SendMessageConfig,
  TemplateMessageConfig,
  UpdateContactConfig,
  UpdateStatusConfig,
  WebhookConfig,
} from './button-action-config';
export { PLACEHOLDER_ROOTS, placeholderProblems, renderPlaceholders, renderPlaceholdersDeep } from './placeholders';
export type { PlaceholderContext, PlaceholderRoot } from './placeholders';

// Rules: JSONata expressions evaluated under limits, returning effects.
export { MAX_RULE_EXPRESSION_LENGTH, RULE_LANGUAGES, ruleExpressionProblems } from './rule-expression';
export type { RuleLanguage } from './rule-expression';
export { RULE_LIMITS, RuleError, RuleEvaluator } from './rule-evaluation';
export type { RuleEffect, RuleErrorCode, RuleLimits, RuleRunOptions } from './rule-evaluation';
export { sampleTapDocument, tapDocument } from './tap-document';
export type { Tap, TapContact, TapDocument } from './tap-document';

// Approvals: reply ids, who may decide, what the tapping person reads.
export {
  APPROVAL_STATES,
  approvalBody,
  approvalDecidedEventId,
  approvalMessage,
  approvalReplyId,
  approvalTapOutcome,
  approvalTapReply,
  decisionOf,
  effectiveApprovalStatus,
  parseApprovalReplyId,
} from './approval-flow';
export type { ApprovalChoice, ApprovalDecision, ApprovalLine, ApprovalMessageInput, ApprovalSnapshot, ApprovalState, ApprovalSummary, ApprovalTap, ApprovalTapOutcome } from './approval-flow';

// Signed webhooks to business services: the scheme, its delivery policy, where they may go.
export { CALLBACK_HEADERS, CALLBACK_SIGNATURE_SCHEME, DEFAULT_CALLBACK_TOLERANCE_SECONDS, callbackSignature, signCallback, verifyCallback } from './callback-signature';
export type { CallbackRejection, CallbackVerification, SignCallbackInput, SignedCallbackHeaders, VerifyCallbackInput } from './callback-signature';
export { CALLBACK_BACKOFF_BASE_MS, CALLBACK_DELIVERY_ATTEMPTS, CALLBACK_TIMEOUT_MS, callbackRetryDelayMs, callbackRetryWindowMs, callbackVerdict } from './callback-delivery-policy';
export type { CallbackVerdict } from './callback-delivery-policy';
export { isIpLiteral, isPrivateAddress, outboundUrlProblems } from './outbound-url';
export { classifyAddress, isPublicAddress } from './address-policy';
export type { AddressKind } from './address-policy';
export { mediaLinkFields } from './media-link-fields';
export type { OutboundUrlOptions } from './outbound-url';
export { derivedUuid } from './derived-id';

// Message templates: Meta's definitions parsed, rendered for a preview, checked before a send, validated before creation.
export {
  BUTTON_SEND_SUB_TYPES,
  TEMPLATE_HEADER_FORMATS,
  TEMPLATE_MEDIA_HEADER_FORMATS,
  parseTemplateComponents,
  templateParameterFormat,
  templatePlaceholders,
} from './template-definition';
export type { ParsedTemplate, ParsedTemplateBody, ParsedTemplateButton, ParsedTemplateHeader, TemplateParameterFormat } from './template-definition';
export {
  TEMPLATE_CATEGORIES,
  TEMPLATE_LIST_FIELDS,
  TEMPLATE_STATUSES,
  normalizeTemplateLanguage,
  readTemplateListingPage,
  templateRecordFromGraph,
} from './template-record';
export type { TemplateCategory, TemplateListingPage, TemplateRecord } from './template-record';
export { exampleFill, parameterText, renderTemplate, templateComponentsFromFill, templateFillFromComponents } from './template-render';
export type { RenderedTemplate, RenderedTemplateButton, TemplateFill, TemplateValues } from './template-render';
export { TemplateNotSendableError, checkTemplateMessage, templateMessageProblems, templateParameterProblems } from './template-check';
export type { TemplateProblem, TemplateProblemCode, TemplateSnapshot } from './template-check';
export { TEMPLATE_LANGUAGE_PATTERN, TEMPLATE_NAME_PATTERN, templateCreationProblems } from './template-creation';
export type { TemplateCreationInput, TemplateCreationProblem } from './template-creation';

// Ids.
export { isUuid } from './identifier';
