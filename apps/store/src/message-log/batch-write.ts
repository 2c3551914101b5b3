import { statusFromWebhook, type MessageStatus } from '@wabus/domain';
import {
  ContactRepository,
  contactKey,
  ConversationRepository,
  conversationKey,
  DomainEventRepository,
  MessageRepository,
  MessageStatusEventRepository,
  ownStatusKey,
  type ContactIdentity,
  type ContactRow,
  type ConversationActivity,
  type ConversationRow,
  type MessageStateRow,
  type MessageStateUpdate,
  type OutboxEvent,
  type OwnStatusEntry,
  type SqlRunner,
} from '@wabus/persistence';
import type { MessageChange } from '@wabus/queues';
import { MEDIA_TYPES } from '../media/media-types';
import { conversationOpened, interactionReceived, messageReceived, messageStatusChanged, type MessageParties } from './domain-events';
import { foldStatuses, type StatusFact } from './status-fold';
import { storedErrorOfWebhook } from './stored-error';
import type { InboundMessagePlan, RecordPlan, WriteUnit } from './write-unit';

/** A customer's message that keeps the 24-hour window open, for the Redis key `sender` reads. */
export interface WindowTouch {
  channelId: string;
  contact: ContactIdentity;
  at: Date;
}

export interface BatchResult {
  /** Facts new to the outbox, to publish after the commit. */
  events: OutboxEvent[];
  windows: WindowTouch[];
  changes: MessageChange[];
  /** Wamids to check again after the commit: statuses left waiting, and wamids that records attached. */
  recheck: string[];
  /** Units that could not be written in this batch (a record of a message not recorded yet). */
  failed: Map<number, Error>;
  /** New inbound messages carrying media (image, audio, video, document, sticker), by message id. */
  media: string[];
}

/** A `sent` or `failed` record of a message whose `queued` record (with the message) has not arrived yet. */
export class MessageNotRecordedYetError extends Error {
  readonly code = 'message_not_recorded_yet';
  constructor(messageId: string) {
    super(`Message ${messageId} is not recorded yet (its queued record has not arrived); retrying.`);
    this.name = 'MessageNotRecordedYetError';
  }
}

const byAt = (a: { at: Date }, b: { at: Date }) => a.at.getTime() - b.at.getTime();

/**
 * One transaction over many jobs' units: every table gets one multi-row
 * statement, in a fixed order (contacts, conversations, messages, history,
 * outbox) so that concurrent batches take their locks alike.
 */
export class BatchWrite {
  private readonly contactRepo: ContactRepository;
  private readonly conversationRepo: ConversationRepository;
  private readonly messageRepo: MessageRepository;
  private readonly statusRepo: MessageStatusEventRepository;
  private readonly outboxRepo: DomainEventRepository;

  private readonly events: OutboxEvent[] = [];
  private readonly changes = new Map<string, MessageChange>();
  private readonly activity = new Map<string, ConversationActivity>();
  private readonly failed = new Map<number, Error>();
  private readonly media: string[] = [];
  private contacts = new Map<string, ContactRow>();
  private conversations = new Map<string, ConversationRow>();

  /** `published`: events of earlier commits now on the queue, marked published by this transaction in passing. */
  constructor(
    sql: SqlRunner,
    private readonly units: readonly WriteUnit[],
    private readonly published: readonly string[] = [],
  ) {
    this.contactRepo = new ContactRepository(sql);
    this.conversationRepo = new ConversationRepository(sql);
    this.messageRepo = new MessageRepository(sql);
    this.statusRepo = new MessageStatusEventRepository(sql);
    this.outboxRepo = new DomainEventRepository(sql);
  }

  async run(): Promise<BatchResult> {
    const records = await this.recordsWithMessage();
    const inbound = this.units.flatMap((unit) => unit.messages);
    await this.resolveThreads(inbound, records);
    await this.insertInbound(inbound);
    await this.insertOutbound(records);
    const recheck = await this.applyStatuses(records);
    // Last before the commit, with the conversations' activity: their rows are shared by concurrent batches, so their locks are held the shortest.
    const fresh = await this.outboxRepo.insert(this.events, this.published, [...this.activity.values()]);
    return {
      events: this.events.filter((event) => fresh.has(event.id)),
      windows: inbound.filter((plan) => plan.opensWindow).map((plan) => ({ channelId: plan.channelId, contact: plan.contact, at: plan.at })),
      changes: [...this.changes.values()],
      recheck,
      failed: this.failed,
      media: this.media,
    };
  }

  /** Records whose message exists or is created in this batch; the others fail their unit (retried later). */
  private async recordsWithMessage(): Promise<RecordPlan[]> {
    const all = this.units.flatMap((unit, index) => unit.records.map((record) => ({ record, index })));
    const created = new Set(all.filter(({ record }) => record.message).map(({ record }) => record.messageId));
    const unknown = [...new Set(all.map(({ record }) => record.messageId).filter((id) => !created.has(id)))];
    const existing = await this.messageRepo.existing(unknown);
    const usable: RecordPlan[] = [];
    for (const { record, index } of all) {
      if (created.has(record.messageId) || existing.has(record.messageId)) usable.push(record);
      else this.failed.set(index, new MessageNotRecordedYetError(record.messageId));
    }
    return usable;
  }

  private async resolveThreads(inbound: InboundMessagePlan[], records: RecordPlan[]): Promise<void> {
    const threads = [
      ...inbound.map((plan) => ({ channelId: plan.channelId, contact: plan.contact, at: plan.at, by: 'customer' as const })),
      ...records.flatMap((record) =>
        record.message ? [{ channelId: record.message.channelId, contact: record.message.contact, at: record.message.requestedAt, by: 'business' as const }] : [],
      ),
    ];
    if (threads.length === 0) return;
    const resolved = await this.contactRepo.upsert(threads.map((thread) => thread.contact));
    this.contacts = resolved.contacts;
    const first = new Map<string, { channelId: string; contactId: string; at: Date; by: 'customer' | 'business' }>();
    for (const thread of threads) {
      const contactId = this.contactOf(thread.contact).id;
      const key = conversationKey(thread.channelId, contactId);
      const known = first.get(key);
      if (!known || thread.at < known.at) first.set(key, { channelId: thread.channelId, contactId, at: thread.at, by: thread.by });
    }
    this.conversations = await this.conversationRepo.ensure([...first.values()], resolved.conversations);
    const phones = new Map([...this.contacts.values()].map((contact) => [contact.id, contact.phone]));
    for (const [key, row] of this.conversations) {
      const opener = first.get(key);
      if (!row.opened || !opener) continue;
      const phone = phones.get(row.contactId) ?? null;
      this.events.push(conversationOpened({ conversationId: row.id, channelId: row.channelId, contactId: row.contactId, phone }, opener.by, opener.at));
    }
  }

  private contactOf(identity: ContactIdentity): ContactRow {
    const row = this.contacts.get(contactKey(identity));
    if (!row) throw new Error(`contact ${contactKey(identity)} was not resolved`);
    return row;
  }

  /** The contact and conversation of a message, resolved earlier in this batch. */
  private partiesOf(channelId: string, identity: ContactIdentity, messageId: string): MessageParties {
    const contact = this.contactOf(identity);
    const conversation = this.conversations.get(conversationKey(channelId, contact.id));
    if (!conversation) throw new Error(`conversation of contact ${contact.id} was not resolved`);
    return { messageId, channelId, contactId: contact.id, conversationId: conversation.id, phone: contact.phone };
  }

  private async insertInbound(plans: InboundMessagePlan[]): Promise<void> {
    if (plans.length === 0) return;
    const byWamid = new Map<string, InboundMessagePlan>();
    const rows = plans.map((plan) => {
      if (!byWamid.has(plan.waMessageId)) byWamid.set(plan.waMessageId, plan);
      const { conversationId, contactId } = this.partiesOf(plan.channelId, plan.contact, plan.waMessageId);
      return { ...plan, conversationId, contactId, createdAt: plan.at };
    });
    for (const inserted of await this.messageRepo.insertInbound(rows)) {
      const plan = byWamid.get(inserted.waMessageId);
      if (!plan) continue;
      const parties = this.partiesOf(plan.channelId, plan.contact, inserted.id);
      this.events.push(messageReceived(parties, plan));
      if (plan.interaction) this.events.push(interactionReceived(parties, { ...plan, contextMessageId: inserted.contextMessageId }));
      this.countActivity(parties.conversationId, plan.at, true);
      if (MEDIA_TYPES.has(plan.type)) this.media.push(inserted.id);
      this.changes.set(inserted.id, { messageId: inserted.id, conversationId: parties.conversationId, channelId: plan.channelId, status: 'received' });
    }
  }

  private async insertOutbound(records: RecordPlan[]): Promise<void> {
    const rows = new Map<string, Parameters<MessageRepository['insertOutbound']>[0][number]>();
    for (const record of records) {
      if (!record.message || rows.has(record.messageId)) continue;
      const parties = this.partiesOf(record.message.channelId, record.message.contact, record.messageId);
      rows.set(record.messageId, { ...record.message, id: record.messageId, conversationId: parties.conversationId, contactId: parties.contactId, createdAt: record.message.requestedAt });
    }
    for (const inserted of await this.messageRepo.insertOutbound([...rows.values()])) {
      const row = rows.get(inserted.id);
      if (!row) continue;
      this.countActivity(inserted.conversationId, row.createdAt, false);
      this.changes.set(inserted.id, { messageId: inserted.id, conversationId: inserted.conversationId, channelId: row.channelId, status: 'queued' });
    }
  }

  private countActivity(conversationId: string, at: Date, inbound: boolean): void {
    const known = this.activity.get(conversationId) ?? { id: conversationId, added: 0, inbound: 0, lastMessageAt: at, lastInboundAt: null };
    known.added += 1;
    if (at > known.lastMessageAt) known.lastMessageAt = at;
    if (inbound) {
      known.inbound += 1;
      if (!known.lastInboundAt || at > known.lastInboundAt) known.lastInboundAt = at;
    }
    this.activity.set(conversationId, known);
  }

  /**
   * Webhook statuses and send records meet here: the statuses go into the
   * history (new ones only), waiting statuses of wamids that just became known
   * are claimed, and each affected message (locked) folds its new facts.
   */
  private async applyStatuses(records: RecordPlan[]): Promise<string[]> {
    const statuses = this.units.flatMap((unit) => unit.statuses);
    const attached = new Map<string, string>();
    for (const record of records) if (record.waMessageId) attached.set(record.waMessageId, record.messageId);
    const stored = await this.statusRepo.insertWebhookStatuses(
      statuses.map((plan) => ({ waMessageId: plan.waMessageId, messageId: attached.get(plan.waMessageId) ?? null, status: plan.word, occurredAt: plan.at, raw: plan.raw })),
    );
    const reconcile = [...new Set(this.units.flatMap((unit) => unit.reconcile))].filter((wamid) => !attached.has(wamid));
    for (const [wamid, id] of await this.messageRepo.idsByWaMessageId(reconcile)) attached.set(wamid, id);
    const claimed = await this.statusRepo.applyWaiting(attached);

    const facts = new Map<string, StatusFact[]>();
    for (const event of [...stored, ...claimed]) {
      const status = statusFromWebhook(event.status);
      if (!event.messageId || !status) continue;
      pushFact(facts, event.messageId, { status, at: new Date(event.occurredAt), error: status === 'failed' ? storedErrorOfWebhook(event.errors) : null });
    }
    for (const record of records) {
      if (record.outcome !== 'queued') pushFact(facts, record.messageId, { status: record.outcome, at: record.at, error: record.error });
    }
    await this.foldInto(facts, records);
    const waiting = stored.filter((event) => !event.messageId).map((event) => event.waMessageId);
    return [...new Set([...waiting, ...attached.keys()])];
  }

  private async foldInto(facts: Map<string, StatusFact[]>, records: RecordPlan[]): Promise<void> {
    const recordsOf = new Map<string, RecordPlan[]>();
    for (const record of records) recordsOf.set(record.messageId, [...(recordsOf.get(record.messageId) ?? []), record]);
    const ids = [...new Set([...facts.keys(), ...records.filter((record) => record.outcome !== 'queued').map((record) => record.messageId)])];
    const updates: MessageStateUpdate[] = [];
    const own: OwnStatusEntry[] = [];
    for (const row of await this.messageRepo.lockStates(ids)) {
      const folded = foldStatuses({ status: row.status, statusAt: row.statusAt, error: row.error }, facts.get(row.id) ?? []);
      const mine = (recordsOf.get(row.id) ?? []).filter((record) => record.outcome !== 'queued').sort(byAt);
      const waMessageId = row.waMessageId ?? mine.find((record) => record.waMessageId)?.waMessageId ?? null;
      const latest = [...mine].reverse();
      const request = latest.find((record) => record.request)?.request ?? null;
      const response = latest.find((record) => record.response)?.response ?? null;
      const changed = folded.transitions.length > 0 || folded.error !== row.error || waMessageId !== row.waMessageId || request || response;
      if (changed) updates.push({ id: row.id, status: folded.status, statusAt: folded.statusAt, error: folded.error, waMessageId, request, response });
      for (const transition of folded.transitions) {
        const message = { messageId: row.id, waMessageId, channelId: row.channelId, conversationId: row.conversationId, contactId: row.contactId };
        this.events.push(messageStatusChanged(message, { status: transition.to, previousStatus: transition.from, at: transition.at, error: folded.error }));
      }
      if (changed) this.noteChange(row, folded.status);
      for (const record of mine) own.push(ownEntry(row.id, record, waMessageId));
    }
    await this.messageRepo.applyStates(updates, own);
  }

  private noteChange(row: MessageStateRow, status: MessageStatus): void {
    this.changes.set(row.id, { messageId: row.id, conversationId: row.conversationId, channelId: row.channelId, status });
  }
}

function pushFact(facts: Map<string, StatusFact[]>, messageId: string, fact: StatusFact): void {
  facts.set(messageId, [...(facts.get(messageId) ?? []), fact]);
}

/** The sender's view of a step, in the history beside Meta's statuses (source `sender`). */
function ownEntry(messageId: string, record: RecordPlan, waMessageId: string | null): OwnStatusEntry {
  return {
    messageId,
    waMessageId: record.waMessageId ?? waMessageId ?? ownStatusKey(messageId),
    status: record.outcome,
    occurredAt: record.at,
    errors: record.error ? [record.error] : null,
    raw: { source: 'sender' },
  };
}
