import type {
  ApiKeyIdentityView,
  ApprovalView,
  ButtonActionView,
  ChannelVerificationView,
  ChannelView,
  ContactView,
  ConversationQuery,
  ConversationView,
  CreateApprovalDto,
  CreateButtonActionDto,
  CreateChannelDto,
  DeadLetterView,
  MessageAcceptedView,
  MessageQuery,
  MessageView,
  Page,
  QueueDepthView,
  RuleSampleEventView,
  RuleTestResultView,
  SendMessageDto,
  TemplatePreviewRequest,
  TemplatePreviewView,
  TemplateSyncAcceptedView,
  TemplateSyncView,
  TemplateView,
  TestRuleDto,
  UpdateButtonActionDto,
  UpdateChannelDto,
} from './api-types';

/** An error answer of the API: `{"error":{"code","message","details"}}` (contract), or a network failure. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The gateway's REST API with one API key, typed by the OpenAPI document. */
export class ApiClient {
  constructor(
    readonly apiKey: string,
    private readonly baseUrl = '',
  ) {}

  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}${queryString(query)}`, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiRequestError(0, 'unreachable', 'The gateway cannot be reached. Is it running?');
    }
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      throw new ApiRequestError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `The gateway answered ${response.status}.`, error?.details ?? null);
    }
    return json as T;
  }

  me = () => this.request<ApiKeyIdentityView>('GET', '/v1/me');

  conversations = (query: ConversationQuery) => this.request<Page<ConversationView>>('GET', '/v1/conversations', undefined, query);
  conversation = (id: string) => this.request<ConversationView>('GET', `/v1/conversations/${id}`);
  conversationMessages = (id: string, query: { limit?: number; cursor?: string } = {}) => this.request<Page<MessageView>>('GET', `/v1/conversations/${id}/messages`, undefined, query);

  messages = (query: MessageQuery) => this.request<Page<MessageView>>('GET', '/v1/messages', undefined, query);
  message = (id: string) => this.request<MessageView>('GET', `/v1/messages/${id}`);
  send = (input: SendMessageDto) => this.request<MessageAcceptedView>('POST', '/v1/messages', input);

  contacts = (query: { channelId?: string; limit?: number }) => this.request<Page<ContactView>>('GET', '/v1/contacts', undefined, query);

  channels = () => this.request<Page<ChannelView>>('GET', '/v1/channels', undefined, { limit: 200 });
  createChannel = (input: CreateChannelDto) => this.request<ChannelView>('POST', '/v1/channels', input);
  updateChannel = (id: string, input: UpdateChannelDto) => this.request<ChannelView>('PATCH', `/v1/channels/${id}`, input);
  verifyChannel = (id: string) => this.request<ChannelVerificationView>('POST', `/v1/channels/${id}/verify`);

  templates = (query: { channelId?: string; status?: string; name?: string; limit?: number }) => this.request<Page<TemplateView>>('GET', '/v1/templates', undefined, query);
  previewTemplate = (id: string, input: TemplatePreviewRequest) => this.request<TemplatePreviewView>('POST', `/v1/templates/${id}/preview`, input);
  syncTemplates = (channelId: string) => this.request<TemplateSyncAcceptedView>('POST', `/v1/channels/${channelId}/templates/sync`);
  templateSync = (jobId: string) => this.request<TemplateSyncView>('GET', `/v1/template-syncs/${jobId}`);

  buttonActions = () => this.request<Page<ButtonActionView>>('GET', '/v1/button-actions', undefined, { limit: 200 });
  createButtonAction = (input: CreateButtonActionDto) => this.request<ButtonActionView>('POST', '/v1/button-actions', input);
  updateButtonAction = (id: string, input: UpdateButtonActionDto) => this.request<ButtonActionView>('PATCH', `/v1/button-actions/${id}`, input);
  ruleSampleEvent = () => this.request<RuleSampleEventView>('GET', '/v1/button-actions/test-rule/sample-event');
  testRule = (input: TestRuleDto) => this.request<RuleTestResultView>('POST', '/v1/button-actions/test-rule', input);

  approvals = (query: { status?: string } = {}) => this.request<Page<ApprovalView>>('GET', '/v1/approvals', undefined, { limit: 100, ...query });
  createApproval = (input: CreateApprovalDto) => this.request<ApprovalView>('POST', '/v1/approvals', input);

  queueDepths = () => this.request<{ data: QueueDepthView[] }>('GET', '/v1/queues');
  deadLetters = (query: { queue?: string; pending?: 'true' | 'false' } = {}) => this.request<Page<DeadLetterView>>('GET', '/v1/dead-letters', undefined, { limit: 100, ...query });
  retryDeadLetter = (id: string) => this.request<{ id: string; replayJobId: string }>('POST', `/v1/dead-letters/${id}/retry`);
}
