import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { newFbtraceId } from '../errors/fbtrace-id';
import { asyncError, MetaRejection } from '../errors/meta-rejection';
import { FaultInjector, SendFault } from '../faults/fault-injector';
import { CustomerWindows } from '../state/customer-windows';
import { IdFactory } from '../state/id-factory';
import { MediaStore } from '../state/media.store';
import { MessageMemory, RememberedMessage } from '../state/message-memory';
import { displayDigits } from '../state/number-settings';
import { NumberState } from '../state/number-state';
import { Outbox } from '../state/outbox';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { StatsRecorder } from '../state/stats.recorder';
import { isObject } from '../validation/param-checks';
import { SendContent, SendRequest } from '../validation/send-content';
import { validateSendRequest } from '../validation/send-request.validator';
import { asyncFailureCode } from './async-failure';
import { authorizeNumber, graphMajorVersion } from './graph-auth';
import { GraphAnswer, ok, refused } from './graph-answer';
import { StatusScheduler } from './status.scheduler';
import { TemplateCheck, TemplateLookup } from './template-lookup';

type MessageRequest = Extract<SendRequest, { kind: 'message' }>;

/**
 * `POST /{phone-number-id}/messages`, in Meta's order: token and number, then
 * injected faults, payload, template, own number, throughput (130429), pair
 * rate (131056). An accepted send is recorded, remembered for taps and
 * reactions, and its status webhooks are scheduled; the answer never waits
 * for a webhook. This is the hot path: refusals are returned, not thrown.
 */
@Injectable()
export class SendMessageService {
  constructor(
    private readonly registry: PhoneNumberRegistry,
    private readonly templates: TemplateLookup,
    private readonly windows: CustomerWindows,
    private readonly memory: MessageMemory,
    private readonly media: MediaStore,
    private readonly outbox: Outbox,
    private readonly stats: StatsRecorder,
    private readonly faults: FaultInjector,
    private readonly statuses: StatusScheduler,
    private readonly clock: EmulatorClock,
    private readonly ids: IdFactory,
  ) {}

  send(version: string, phoneNumberId: string, authorization: string | undefined, body: unknown): GraphAnswer {
    const number = authorizeNumber(this.registry, authorization, phoneNumberId, 'post');
    if (number instanceof MetaRejection) {
      this.stats.rejected(number.code);
      return refused(number);
    }
    const now = this.clock.now();
    const fault = this.faults.sendFault();
    if (fault?.kind === 'timeout') return this.holdUnanswered(number, body, now, fault);
    if (fault) return this.refuse(number, body, now, fault.rejection);

    let request: SendRequest;
    let template: TemplateCheck | undefined;
    try {
      request = validateSendRequest(body);
      if (request.kind === 'message') template = this.checkMessage(number, request);
    } catch (error) {
      if (error instanceof MetaRejection) return this.refuse(number, body, now, error);
      throw error;
    }
    if (request.kind === 'read') return this.acknowledgeRead(number, body, now);
    if (!number.throughput.canAccept(now)) return this.refuse(number, body, now, new MetaRejection(130429));
    if (!number.pairs.canTake(request.waId, now)) return this.refuse(number, body, now, new MetaRejection(131056));
    number.throughput.record(now);
    number.pairs.take(request.waId, now);
    return this.accept(version, number, request, body, now, template);
  }

  private holdUnanswered(number: NumberState, body: unknown, now: number, fault: Extract<SendFault, { kind: 'timeout' }>): GraphAnswer {
    const message = `Injected timeout: no answer, connection closed after ${fault.holdMs} ms.`;
    this.outbox.record(number, {
      id: null,
      phoneNumberId: number.settings.phoneNumberId,
      to: recipientOf(body),
      receivedAtMs: now,
      body,
      verdict: { error: { type: 'timeout', message } },
    });
    return fault;
  }

  // Read receipts and typing indicators: no limits, no webhooks, `{"success": true}`.
  private acknowledgeRead(number: NumberState, body: unknown, now: number): GraphAnswer {
    this.stats.readReceipts++;
    this.outbox.record(number, { id: null, phoneNumberId: number.settings.phoneNumberId, to: null, receivedAtMs: now, body, verdict: 'accepted' });
    return ok({ success: true });
  }

  // Template existence and parameters, and Meta's refusal to message the number itself.
  private checkMessage(number: NumberState, request: MessageRequest): TemplateCheck | undefined {
    if (request.waId === displayDigits(number.settings)) throw new MetaRejection(131021);
    if (request.content.type !== 'template') return undefined;
    return this.templates.check(number.settings.wabaId, request.content.template);
  }

  private accept(version: string, number: NumberState, request: MessageRequest, body: unknown, now: number, template: TemplateCheck | undefined): GraphAnswer {
    const { phoneNumberId } = number.settings;
    const { content, waId } = request;
    const wamid = this.ids.wamid(waId);
    const isTemplate = template !== undefined;
    const windowOpen = this.windows.isOpen(phoneNumberId, waId, now);
    const failureCode = asyncFailureCode({
      notOnWhatsApp: number.settings.notOnWhatsApp.has(waId),
      isTemplate,
      windowOpen,
      unknownMediaId: 'mediaId' in content && content.mediaId !== undefined && this.media.get(content.mediaId)?.phoneNumberId !== phoneNumberId,
      unknownReactionTarget: content.type === 'reaction' && this.memory.get(content.targetId)?.phoneNumberId !== phoneNumberId,
      injectedCode: this.faults.failedStatusCode(),
    });
    const failure = failureCode === undefined ? undefined : asyncError(failureCode);

    number.accepted++;
    this.stats.accepted(content.type);
    if (failure) this.stats.asyncFailure(failure.code);
    this.outbox.record(number, {
      id: wamid,
      phoneNumberId,
      to: request.to,
      receivedAtMs: now,
      body,
      verdict: 'accepted',
      failure: failure && { code: failure.code, title: failure.title },
    });
    this.memory.remember(wamid, {
      phoneNumberId,
      waId,
      direction: 'out',
      ...choicesOf(content, template),
    });
    this.statuses.schedule(number, {
      wamid,
      waId,
      bizOpaqueCallbackData: request.bizOpaqueCallbackData,
      category: template?.category ?? 'service',
      windowOpen,
      withConversation: graphMajorVersion(version) < 24,
      reaction: content.type === 'reaction',
      failure,
      nowMs: now,
    });
    return ok({
      messaging_product: 'whatsapp',
      contacts: [{ input: request.to, wa_id: waId }],
      messages: [isTemplate ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
    });
  }

  private refuse(number: NumberState, body: unknown, now: number, rejection: MetaRejection): GraphAnswer {
    const envelope = rejection.toEnvelope(newFbtraceId());
    number.rejected++;
    number.rejectionsByCode[rejection.code] = (number.rejectionsByCode[rejection.code] ?? 0) + 1;
    this.stats.rejected(rejection.code);
    this.outbox.record(number, {
      id: null,
      phoneNumberId: number.settings.phoneNumberId,
      to: recipientOf(body),
      receivedAtMs: now,
      body,
      verdict: envelope,
    });
    return { kind: 'json', status: rejection.httpStatus, body: envelope };
  }
}

function recipientOf(body: unknown): string | null {
  return isObject(body) && typeof body['to'] === 'string' ? body['to'] : null;
}

// What a later tap on this message can choose from.
function choicesOf(content: SendContent, template: TemplateCheck | undefined): Pick<RememberedMessage, 'interactive' | 'quickReplies'> {
  if (content.type === 'interactive' && content.buttons) return { interactive: { subtype: 'button', choices: content.buttons } };
  if (content.type === 'interactive' && content.rows) return { interactive: { subtype: 'list', choices: content.rows } };
  if (template && template.quickReplies.length > 0) return { quickReplies: template.quickReplies };
  return {};
}
