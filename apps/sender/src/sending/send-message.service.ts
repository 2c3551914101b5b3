import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '@wabus/config';
import { assertCanSend, isFreeFormType, normalizePhoneNumber, windowState, type SendMessageResponse, type TemplatePayload } from '@wabus/domain';
import { RedisKeys } from '@wabus/queues';
import { APP_CONFIG, LOGGER } from '@wabus/service';
import { assertPublicUrl, buildMessageRequest, buildReadReceipt, GraphApiError, GraphClient, GraphResponseError, GraphTransportError } from '@wabus/whatsapp';
import { ChannelDirectory, SendChannel } from '../channels/channel-directory';
import { ChannelPumps } from '../limits/channel-pump';
import { AcquireResult, SendLimits, WaitReason } from '../limits/send-limits';
import { CustomerWindowReader } from '../recipients/customer-window.reader';
import { OptOutChecker } from '../recipients/opt-out.checker';
import { RecipientRepository } from '../recipients/recipient.repository';
import { SENDER_REDIS, SENDER_SETTINGS, SenderSettings } from '../sender.settings';
import { TemplateCatalog } from '../templates/template.catalog';
import { templateProblem } from '../templates/template-parameters';
import { mediaLinksOf, OutboundCommand, parseOutboundCommand, SendJob } from './outbound-command';
import { decideAfterFailure, DelayReason, JobDecision, SendError, withJitter } from './send-outcome';
import { SendRecords } from './send-records';
import { SendRefusal } from './send-refusal';
import { SenderMetrics } from './sender.metrics';
import { decodeSentMarker, encodeSentMarker } from './sent-marker';

/** What a finished send job returns (kept by BullMQ with the completed job). */
export interface SendJobResult {
  outcome: 'sent' | 'already_sent';
  waMessageId?: string;
}

/** Thrown to end a job for good; `code` becomes the dead letter's code. */
export class SendFailedError extends UnrecoverableError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown to let BullMQ retry with backoff; `code` becomes the dead letter's code if it was the last attempt. */
export class SendAttemptError extends Error {
  override readonly name = 'SendAttemptError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Recipient {
  /** E.164, or '' for a receipt without a recipient. */
  e164: string;
  /** Digits; null for receipts (no pair limit, no window). */
  waId: string | null;
  /** The contact's row was read already (a contactId job): no separate opt-out lookup. */
  optOutChecked: boolean;
}

interface Attempt {
  job: Job;
  jobId: string;
  lastAttempt: boolean;
}

/** A wait too long for a job's last attempt, which cannot be delayed (see `delay`). */
class CannotWaitOnLastAttempt extends Error {
  constructor(
    readonly ms: number,
    readonly reason: string,
    readonly because?: SendError,
  ) {
    super(`the last attempt would have to wait ${Math.round(ms / 1000)} s (${reason})`);
  }

  sendError(): SendError {
    const because = this.because ? ` after ${this.because.code} (${this.because.details ?? this.because.title})` : '';
    return { code: 'attempts_exhausted', title: 'Attempts exhausted', details: `The job used its attempts; the last one would have had to wait ${Math.round(this.ms / 1000)} s for ${this.reason}${because}. Replay it from the dead letters.` };
  }
}

/** The attempt must pause in the worker and run again (only on a job's last attempt, which cannot be delayed). */
class SleepThenRetry {
  constructor(readonly ms: number) {}
}

/**
 * One send job, start to end: load the channel, check the job, resolve the
 * recipient, skip if already sent, refuse what Meta would refuse (opt-out,
 * window, template, unsafe links) before any API call, wait for the
 * number's and the pair's limits, call Graph, record the outcome. Decisions
 * are pure functions (outbound-command, send-outcome, template-parameters);
 * this class only sequences them.
 */
@Injectable()
export class SendMessageService {
  private readonly pumps: ChannelPumps;

  constructor(
    private readonly channels: ChannelDirectory,
    private readonly recipients: RecipientRepository,
    private readonly optOut: OptOutChecker,
    private readonly windows: CustomerWindowReader,
    private readonly templates: TemplateCatalog,
    private readonly limits: SendLimits,
    private readonly graph: GraphClient,
    private readonly records: SendRecords,
    private readonly metrics: SenderMetrics,
    @Inject(SENDER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SENDER_SETTINGS) private readonly settings: SenderSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.pumps = new ChannelPumps(limits, {
      maxWaitMs: settings.maxInProcessWaitMs,
      readySeconds: settings.readySeconds,
      minReady: settings.minReadyPerChannel,
      maxReady: settings.maxReadyPerChannel,
    });
  }

  async handle(data: SendJob, job: Job): Promise<SendJobResult> {
    const attempt: Attempt = { job, jobId: job.id ?? data.messageId, lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) };
    for (;;) {
      const outcome = await this.attempt(data, attempt);
      if (!(outcome instanceof SleepThenRetry)) return outcome;
      await sleep(outcome.ms);
    }
  }

  private async attempt(data: SendJob, attempt: Attempt): Promise<SendJobResult | SleepThenRetry> {
    let message: SendJob = data;
    let channel: SendChannel | null = null;
    let waId: string | null = null;
    let request: object | undefined;
    let acquired: Extract<AcquireResult, { kind: 'send' }> | undefined;
    try {
      channel = await this.channels.get(data.channelId);
      if (!channel) throw new SendRefusal('channel_not_found', `Channel ${data.channelId} does not exist (it was deleted after the message was queued).`);
      if (!channel.active) throw new SendRefusal('channel_inactive', `Channel ${channel.id} is inactive; activate it, then replay the message from the dead letters.`);
      const command = parseOutboundCommand(data);
      const recipient = await this.recipient(channel, data, command);
      waId = recipient.waId;
      message = recipient.e164 === data.to ? data : { ...data, to: recipient.e164 };
      let prepare = async (): Promise<void> => undefined;
      if (command.kind === 'message') {
        const optedOut = this.optOutNow(channel, recipient);
        const marker = await this.checkFirst(channel, command, recipient, data.messageId);
        if (marker !== null) return await this.alreadySent(channel, message, command, marker, attempt);
        request = buildMessageRequest({ to: recipient.e164, type: command.type, payload: command.payload, contextMessageId: command.contextMessageId });
        const sending = channel;
        prepare = () => this.checkBeforeSend(sending, command, recipient, optedOut);
      } else {
        request = buildReadReceipt(command.messageId, command.typingIndicator);
      }
      const slot = await this.waitForSlot(channel, waId, attempt, prepare);
      if (slot instanceof SleepThenRetry) return slot;
      acquired = slot;
      const exchange = await this.callGraph(channel, request as Parameters<GraphClient['sendMessage']>[1]);
      return await this.sent(channel, message, command, waId, request, exchange.body, acquired, attempt);
    } catch (error) {
      if (error instanceof DelayedError || error instanceof SendFailedError) throw error;
      const context = { channel, message, waId, request, acquired, attempt };
      if (error instanceof CannotWaitOnLastAttempt) return this.failForGood(error.sendError(), context, undefined);
      return this.failed(error, context);
    }
  }

  private async recipient(channel: SendChannel, data: SendJob, command: OutboundCommand): Promise<Recipient> {
    let phone = data.to;
    let optOutChecked = false;
    if (data.contactId) {
      const contact = await this.recipients.contact(channel.id, data.contactId);
      if (!contact) throw new SendRefusal('contact_not_found', `Contact ${data.contactId} does not exist on channel ${channel.id}.`);
      if (contact.optedOut && command.kind === 'message') throw optedOutRefusal();
      phone = contact.phone ?? (contact.waId ? `+${contact.waId}` : '');
      if (!phone) throw new SendRefusal('contact_not_found', `Contact ${contact.id} has no phone number WhatsApp can be sent to.`);
      optOutChecked = true;
    }
    if (command.kind === 'receipt') {
      // A receipt goes to a message, not to a number: `to` is only kept for the record.
      try {
        return { e164: phone ? normalizePhoneNumber(phone).e164 : '', waId: null, optOutChecked: true };
      } catch {
        return { e164: phone, waId: null, optOutChecked: true };
      }
    }
    const number = normalizePhoneNumber(phone);
    return { e164: number.e164, waId: number.waId, optOutChecked };
  }

  /**
   * The checks that decide at once, before the message takes a place in its
   * number's line: already accepted by Meta (the sent marker), and the 24-hour
   * window — both in one Redis round trip. Returns the marker when the message
   * was sent before (then nothing else matters), null otherwise.
   */
  private async checkFirst(channel: SendChannel, command: Extract<OutboundCommand, { kind: 'message' }>, recipient: Recipient, messageId: string): Promise<string | null> {
    const waId = recipient.waId as string;
    const freeForm = isFreeFormType(command.type);
    const keys = [RedisKeys.sentMarker(this.config.queuePrefix, messageId), ...(freeForm ? [this.windows.key(channel.id, waId)] : [])];
    const [marker, lastInbound] = await this.redis.mget(...keys);
    if (marker) return marker;
    if (freeForm) {
      const last = await this.windows.lastInboundAt(channel.id, waId, recipient.e164, lastInbound ?? null);
      assertCanSend(command.type, windowState(last, new Date()));
    }
    return null;
  }

  /**
   * The recipient's opt-out, looked up alongside the first checks when the
   * message will be checked at once (its channel's ready line has room), so
   * the lookup is not one more round trip in a row before the send; null when
   * it was read with the contact, or when the message will wait in the
   * backlog (then it is looked up when its slot comes, see `checkBeforeSend`).
   */
  private optOutNow(channel: SendChannel, recipient: Recipient): Promise<boolean> | null {
    if (recipient.optOutChecked || this.pumps.for(channel.id, channel.throughputMps).isFull) return null;
    const lookup = this.optOut.isOptedOut(channel.id, recipient.waId as string);
    lookup.catch(() => undefined); // awaited in checkBeforeSend; unused when the message was sent before or waits in the backlog
    return lookup;
  }

  /**
   * The checks made when the message is about to go (while it sleeps for its
   * slot, or as it is granted one): the contact's opt-out as it is now, the
   * synced template, media links. A backlog job is booked first and checked
   * only when its slot comes, so a queue of 100,000 costs one query each, not two.
   * `optedOut`: the lookup `optOutNow` started, if it did.
   */
  private async checkBeforeSend(channel: SendChannel, command: Extract<OutboundCommand, { kind: 'message' }>, recipient: Recipient, optedOut: Promise<boolean> | null): Promise<void> {
    if (!recipient.optOutChecked && (await (optedOut ?? this.optOut.isOptedOut(channel.id, recipient.waId as string)))) throw optedOutRefusal();
    if (command.type === 'template') {
      const sent = command.payload as TemplatePayload;
      const definition = await this.templates.find(channel.wabaId, sent.name, sent.language.code);
      const problem = definition && templateProblem(definition, sent);
      if (problem) throw new SendRefusal('template_invalid', problem);
    }
    if (!this.config.allowPrivateUrls) for (const link of mediaLinksOf(command)) await assertPublicUrl(link, false);
  }

  /**
   * Waits until the number and the pair allow this send (and the breaker is
   * closed). A message joins its channel's ready queue in this process once
   * `prepare` (the checks before sending) has passed, and its pump hands out
   * permits in order. When the ready queue is full (a backlog), the job waits
   * in BullMQ instead, unchecked, and comes back one pace apart from the others.
   * Receipts have no limits but the breaker's.
   */
  private async waitForSlot(
    channel: SendChannel,
    waId: string | null,
    attempt: Attempt,
    prepare: () => Promise<void>,
  ): Promise<Extract<AcquireResult, { kind: 'send' }> | SleepThenRetry> {
    const level = channel.throughputMps;
    if (waId === null) {
      for (;;) {
        const result = await this.limits.acquire({ channelId: channel.id, waId, jobId: attempt.jobId, level });
        if (result.kind === 'send') return result;
        if (result.waitMs > this.settings.maxInProcessWaitMs) return this.delay(attempt, result.waitMs, result.reason);
        await sleep(result.waitMs);
      }
    }
    const pump = this.pumps.for(channel.id, level);
    if (pump.isFull) {
      return this.delay(attempt, await this.limits.park(channel.id, level, pump.horizonMs), 'backlog');
    }
    await prepare();
    const admission = await pump.admit(attempt.jobId, waId, level);
    if (admission.kind === 'send') {
      this.metrics.effectiveLevel.set({ channel: channel.id }, admission.grant.effectiveLevel);
      return admission.grant;
    }
    return this.delay(attempt, admission.waitMs, admission.reason);
  }

  private async callGraph(channel: SendChannel, body: Parameters<GraphClient['sendMessage']>[1]) {
    const started = performance.now();
    try {
      const exchange = await this.graph.sendMessage(channel.target, body);
      this.metrics.graphDuration.observe({ outcome: 'ok' }, exchange.durationMs / 1000);
      return exchange;
    } catch (error) {
      const outcome = error instanceof GraphApiError ? 'meta_error' : error instanceof GraphTransportError ? 'transport_error' : 'other';
      this.metrics.graphDuration.observe({ outcome }, (performance.now() - started) / 1000);
      throw error;
    }
  }

  private async sent(
    channel: SendChannel,
    message: SendJob,
    command: OutboundCommand,
    waId: string | null,
    request: object,
    response: SendMessageResponse,
    acquired: Extract<AcquireResult, { kind: 'send' }>,
    attempt: Attempt,
  ): Promise<SendJobResult> {
    const waMessageId = command.kind === 'message' ? response.messages?.[0]?.id : undefined;
    // The one write between Meta's answer and safety from a duplicate: a crash before it resends the message (README).
    await this.limits.sent({
      channelId: channel.id,
      waId,
      jobId: attempt.jobId,
      messageId: message.messageId,
      marker: command.kind === 'message' ? encodeSentMarker(response) : null,
      markerTtlMs: this.settings.sentMarkerTtlMs,
      clearBreaker: acquired.breakerFailures > 0 || acquired.probe,
      clearStrikes: acquired.pairStrikes > 0,
    });
    if (command.kind === 'message' && !waMessageId) this.logger.warn({ channelId: channel.id, messageId: message.messageId }, 'Meta accepted a message without returning a wamid');
    await this.records.sent({ message, jobId: attempt.jobId, waMessageId, request, response, secrets: [channel.target.accessToken] });
    this.metrics.sends.inc({ channel: channel.id, outcome: 'sent' });
    this.observeTimeToSend(message);
    return { outcome: 'sent', ...(waMessageId ? { waMessageId } : {}) };
  }

  /** Meta accepted this message before (a crash, a retry, a resubmission): record it again, send nothing. */
  private async alreadySent(channel: SendChannel, message: SendJob, command: Extract<OutboundCommand, { kind: 'message' }>, marker: string, attempt: Attempt): Promise<SendJobResult> {
    const response = decodeSentMarker(marker, message.to);
    const request = buildMessageRequest({ to: message.to, type: command.type, payload: command.payload, contextMessageId: command.contextMessageId });
    await this.limits.finished(channel.id, attempt.jobId);
    const waMessageId = response?.messages[0]?.id;
    await this.records.sent({ message, jobId: attempt.jobId, waMessageId, request, ...(response ? { response } : {}), secrets: [channel.target.accessToken] });
    this.metrics.sends.inc({ channel: channel.id, outcome: 'already_sent' });
    this.logger.info({ channelId: channel.id, messageId: message.messageId, wamid: waMessageId, jobId: attempt.jobId }, 'message was already accepted by Meta; recorded again, not sent again');
    return { outcome: 'already_sent', ...(waMessageId ? { waMessageId } : {}) };
  }

  private async failed(
    error: unknown,
    context: { channel: SendChannel | null; message: SendJob; waId: string | null; request: object | undefined; acquired: Extract<AcquireResult, { kind: 'send' }> | undefined; attempt: Attempt },
  ): Promise<SendJobResult | SleepThenRetry> {
    const { channel, message, attempt } = context;
    const decision: JobDecision = decideAfterFailure(error);
    const response = error instanceof GraphApiError ? error.body : undefined;
    // Graph answered, so it is up: a breaker that counted failures starts again.
    if (error instanceof GraphApiError && channel && context.acquired && (context.acquired.breakerFailures > 0 || context.acquired.probe) && decision.action !== 'retry') {
      await this.limits.graphAnswered(channel.id);
    }
    const log = { channelId: message.channelId, messageId: message.messageId, jobId: attempt.jobId, code: decision.error.code };
    // Refused by Meta: the message never reached the recipient, so it does not count against the pair (131056 sets its own wait).
    const pairLimited = decision.action === 'delay' && decision.reason === 'pair_limit';
    const refusedByMeta = (error instanceof GraphApiError || error instanceof GraphResponseError) && !pairLimited;
    if (refusedByMeta && channel && context.waId && context.acquired) await this.limits.refundPair(channel.id, context.waId);
    switch (decision.action) {
      case 'fail':
        return this.failForGood(decision.error, context, response);
      case 'retry': {
        if (decision.countsAgainstBreaker && channel) {
          const breaker = await this.limits.graphFailed(channel.id);
          if (breaker.open) this.logger.warn({ ...log, cooldownMs: breaker.cooldownMs }, 'Graph API keeps failing for this channel: sends paused (circuit breaker open)');
        }
        if (attempt.lastAttempt) return this.failForGood(decision.error, context, response);
        // The queue worker logs the retry; BullMQ waits with exponential backoff and jitter.
        this.metrics.sends.inc({ channel: message.channelId, outcome: 'retried' });
        throw new SendAttemptError(decision.error.code, `${decision.error.title}: ${decision.error.details ?? ''}`);
      }
      case 'delay': {
        const ms = await this.delayFor(decision.reason, decision.lowerLevel, channel, context.waId, attempt.jobId, context.acquired?.effectiveLevel);
        try {
          return await this.delay(attempt, ms, decision.reason, decision.error);
        } catch (delayError) {
          if (delayError instanceof CannotWaitOnLastAttempt) return this.failForGood(delayError.sendError(), context, response);
          throw delayError;
        }
      }
      default:
        return unreachable(decision);
    }
  }

  private async delayFor(reason: DelayReason, lowerLevel: boolean, channel: SendChannel | null, waId: string | null, jobId: string, grantedLevel: number | undefined): Promise<number> {
    switch (reason) {
      case 'throughput':
        if (lowerLevel && channel) {
          const granted = grantedLevel ?? channel.throughputMps;
          const level = await this.limits.throttled(channel.id, channel.throughputMps, granted);
          if (level < granted) this.logger.warn({ channelId: channel.id, level, throughputMps: channel.throughputMps }, "Meta refused sends with 130429: this number's level is lowered for a while (check its throughputMps)");
        }
        return withJitter(this.settings.throughputRetryMs, 0.25);
      case 'pair_limit':
        return channel && waId ? this.limits.pairLimited(channel.id, waId, jobId) : 1_000;
      case 'maintenance':
        return withJitter(this.settings.maintenanceRetryMs, 0.1);
      default:
        return unreachable(reason);
    }
  }

  /**
   * Makes the job wait `ms` without using an attempt: moved to delayed, run
   * again later. On a job's last attempt that is not possible (the queue
   * worker would count the delay as the final failure): a short wait is slept
   * here, a longer one ends the job as failed (CannotWaitOnLastAttempt),
   * replayable from the dead letters.
   */
  private async delay(attempt: Attempt, ms: number, reason: WaitReason | DelayReason | 'backlog', cause?: SendError): Promise<SleepThenRetry> {
    if (attempt.lastAttempt) {
      if (ms > this.settings.lastAttemptMaxWaitMs) throw new CannotWaitOnLastAttempt(ms, reason, cause);
      this.metrics.delays.inc({ reason, where: 'worker' });
      return new SleepThenRetry(ms);
    }
    this.metrics.delays.inc({ reason, where: 'queue' });
    await attempt.job.moveToDelayed(Date.now() + ms, attempt.job.token);
    throw new DelayedError();
  }

  /** Records the failure, takes the job off its channel's line, and ends it (dead letter, replayable). */
  private async failForGood(
    error: SendError,
    context: { channel: SendChannel | null; message: SendJob; request: object | undefined; attempt: Attempt },
    response: Record<string, unknown> | undefined,
  ): Promise<never> {
    const { channel, message, attempt } = context;
    await this.records.failed({ message, jobId: attempt.jobId, error, request: context.request, response, secrets: channel ? [channel.target.accessToken] : [] });
    await this.limits.finished(message.channelId, attempt.jobId);
    this.metrics.sends.inc({ channel: message.channelId, outcome: 'failed' });
    this.logger.warn({ channelId: message.channelId, messageId: message.messageId, jobId: attempt.jobId, code: error.code }, `message failed: ${error.title}`);
    throw new SendFailedError(error.code, `${error.code}: ${error.details ?? error.title}`);
  }

  private observeTimeToSend(message: SendJob): void {
    const requested = Date.parse(message.requestedAt);
    if (!Number.isNaN(requested)) this.metrics.queueTime.observe(Math.max(0, Date.now() - requested) / 1000);
  }
}

function optedOutRefusal(): SendRefusal {
  return new SendRefusal('opted_out', 'The contact opted out of messages from this business; nothing was sent.');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function unreachable(value: never): never {
  throw new TypeError(`Unhandled case: ${JSON.stringify(value)}`);
}
