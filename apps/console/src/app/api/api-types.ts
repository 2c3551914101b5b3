import type * as schema from './openapi-schema';
import type { ParsedTemplateFields, TemplateValues } from '../model/template-variables';

export type {
  ApiKeyIdentityView,
  ApprovalView,
  ButtonActionView,
  ChannelVerificationView,
  ChannelView,
  ContactView,
  ConversationView,
  CreateApprovalDto,
  CreateButtonActionDto,
  CreateChannelDto,
  MessageAcceptedView,
  MessageView,
  QueueDepthView,
  RuleEffectView,
  RuleSampleEventView,
  RuleTestResultView,
  SendMessageDto,
  TemplatePreviewView,
  TemplateSyncAcceptedView,
  TemplateSyncView,
  TestRuleDto,
  UpdateButtonActionDto,
  UpdateChannelDto,
} from './openapi-schema';

/** Every list of the API (contract): the gateway's list routes do not declare it in OpenAPI. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** `GET /v1/dead-letters` items (DeadLetterView in the gateway, not in the OpenAPI document because the list is undeclared). */
export interface DeadLetterView {
  id: string;
  queue: string;
  jobName: string;
  jobId: string;
  payload: Record<string, unknown>;
  error: Record<string, unknown> | null;
  attempts: number;
  failedAt: string;
  replayedAt: string | null;
  replayJobId: string | null;
}

/** `TemplateView` with `parsed` typed: OpenAPI only says "an object". */
export type TemplateView = Omit<schema.TemplateView, 'parsed'> & { parsed: ParsedTemplateFields };

/** The preview body: the DTO's custom validator has no OpenAPI schema for its value lists. */
export type TemplatePreviewRequest = Omit<schema.PreviewTemplateDto, 'header' | 'body' | 'buttons'> & TemplateValues;

export type MessageQuery = NonNullable<schema.operations['MessagesController_list']['parameters']['query']>;
export type ConversationQuery = NonNullable<schema.operations['ConversationsController_list']['parameters']['query']>;
