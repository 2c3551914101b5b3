import { checkInboundMessage } from './inbound-message.validator';
import type {
  InboundMessage,
  InboundMessageBase,
  TemplateStatusUpdate,
  WebhookContact,
  WebhookError,
  WebhookStatus,
} from './webhook-types';

/** Where an item came from: route by `phoneNumberId`, never by `wabaId` (§4.3). */
interface ItemOrigin {
  /** `entry[].id`; null if Meta left it out. */
  wabaId: string | null;
  /** `metadata.phone_number_id`. */
  phoneNumberId: string;
  displayPhoneNumber: string | null;
}

export interface MessageItem extends ItemOrigin {
  kind: 'message';
  /** Matched by `wa_id` to `message.from`; null for `system` messages or when Meta sent none. */
  contact: WebhookContact | null;
  message: InboundMessage;
}

/**
 * A message with an id, a sender and a type, but whose type (or its payload) is
 * not in the shape we know: a type Meta added, or a media message carrying only
 * `errors[]`. Kept apart from `message` so a switch on `message.type` stays
 * compiler-checked; still to be stored, since Meta will not send it again.
 */
export interface UnrecognizedMessageItem extends ItemOrigin {
  kind: 'unrecognized_message';
  contact: WebhookContact | null;
  message: InboundMessageBase & { type: string };
}

export interface StatusItem extends ItemOrigin {
  kind: 'status';
  status: WebhookStatus;
}

/** `value.errors[]`: a problem on Meta's side or with the app, not tied to one message. */
export interface ErrorItem {
  kind: 'error';
  wabaId: string | null;
  phoneNumberId: string | null;
  error: WebhookError;
}

export interface TemplateStatusItem {
  kind: 'template_status';
  wabaId: string | null;
  update: TemplateStatusUpdate;
}

/** Any other subscribed field (`account_update`, `phone_number_quality_update`, …), passed on untouched. */
export interface OtherItem {
  kind: 'other';
  wabaId: string | null;
  field: string;
  value: unknown;
}

export type WebhookItem = MessageItem | UnrecognizedMessageItem | StatusItem | ErrorItem | TemplateStatusItem | OtherItem;

/** Something skipped because it could not be used; `path` points into the body, e.g. `entry[0].changes[1].value.messages[2]`. */
export interface WebhookProblem {
  path: string;
  problem: string;
}

export interface SplitWebhook {
  items: WebhookItem[];
  problems: WebhookProblem[];
}

type Json = Record<string, unknown>;

/**
 * Flattens one webhook delivery into its items: every entry, every change, every
 * message, status and error, never just the first (the bug of evolution-api,
 * chatwoot and whatsapp-api-js). Total: any input gives a result, a malformed
 * item becomes a problem and its siblings still go through.
 */
export function splitWebhookEnvelope(body: unknown): SplitWebhook {
  const result: SplitWebhook = { items: [], problems: [] };
  if (!isRecord(body)) {
    result.problems.push({ path: '', problem: 'The body is not a JSON object.' });
    return result;
  }
  if (typeof body.object === 'string' && body.object !== 'whatsapp_business_account') {
    result.problems.push({ path: 'object', problem: `This delivery is for "${body.object}", not a WhatsApp Business Account.` });
    return result;
  }
  if (!Array.isArray(body.entry)) {
    result.problems.push({ path: 'entry', problem: 'The body has no entry list.' });
    return result;
  }
  body.entry.forEach((entry: unknown, index) => splitEntry(entry, `entry[${index}]`, result));
  return result;
}

function splitEntry(entry: unknown, path: string, result: SplitWebhook): void {
  if (!isRecord(entry) || !Array.isArray(entry.changes)) {
    result.problems.push({ path, problem: 'The entry has no changes list.' });
    return;
  }
  const wabaId = nonEmptyString(entry.id);
  entry.changes.forEach((change: unknown, index) => {
    const changePath = `${path}.changes[${index}]`;
    if (!isRecord(change) || typeof change.field !== 'string') {
      result.problems.push({ path: changePath, problem: 'The change has no field name.' });
    } else if (change.field === 'messages') {
      splitMessagesValue(change.value, wabaId, `${changePath}.value`, result);
    } else if (change.field === 'message_template_status_update') {
      splitTemplateStatus(change.value, wabaId, `${changePath}.value`, result);
    } else {
      result.items.push({ kind: 'other', wabaId, field: change.field, value: change.value });
    }
  });
}

function splitMessagesValue(value: unknown, wabaId: string | null, path: string, result: SplitWebhook): void {
  if (!isRecord(value)) {
    result.problems.push({ path, problem: 'The messages change has no value object.' });
    return;
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const phoneNumberId = nonEmptyString(metadata.phone_number_id);

  forEachItem(value.errors, `${path}.errors`, result, (error) => {
    if (!isWebhookError(error)) return 'The error has no numeric code.';
    result.items.push({ kind: 'error', wabaId, phoneNumberId, error });
    return null;
  });

  if (!phoneNumberId) {
    // Nothing can be routed to a channel without the business number it was sent to.
    if (Array.isArray(value.messages) || Array.isArray(value.statuses)) {
      const problem = 'The change has no metadata.phone_number_id, so its messages and statuses cannot be routed.';
      result.problems.push({ path: `${path}.metadata`, problem });
    }
    return;
  }
  const origin: ItemOrigin = { wabaId, phoneNumberId, displayPhoneNumber: nonEmptyString(metadata.display_phone_number) };
  splitInboundMessages(value.messages, contactsByWaId(value.contacts), origin, `${path}.messages`, result);
  splitStatuses(value.statuses, origin, `${path}.statuses`, result);
}

function splitInboundMessages(
  messages: unknown,
  contacts: Map<string, WebhookContact>,
  origin: ItemOrigin,
  path: string,
  result: SplitWebhook,
): void {
  forEachItem(messages, path, result, (message) => {
    const check = checkInboundMessage(message);
    if (check.verdict === 'malformed') return check.problem;
    const contact = contacts.get((message as InboundMessageBase).from) ?? null;
    if (check.verdict === 'known') {
      result.items.push({ kind: 'message', ...origin, contact, message: message as InboundMessage });
    } else {
      result.items.push({ kind: 'unrecognized_message', ...origin, contact, message: message as InboundMessageBase & { type: string } });
    }
    return null;
  });
}

function splitStatuses(statuses: unknown, origin: ItemOrigin, path: string, result: SplitWebhook): void {
  forEachItem(statuses, path, result, (status) => {
    if (!isRecord(status) || !nonEmptyString(status.id) || !nonEmptyString(status.status)) {
      return 'The status needs a message id and a status.';
    }
    result.items.push({ kind: 'status', ...origin, status: status as WebhookStatus });
    return null;
  });
}

function splitTemplateStatus(value: unknown, wabaId: string | null, path: string, result: SplitWebhook): void {
  const valid =
    isRecord(value) &&
    nonEmptyString(value.event) !== null &&
    (typeof value.message_template_id === 'number' || nonEmptyString(value.message_template_id) !== null) &&
    nonEmptyString(value.message_template_name) !== null;
  if (!valid) {
    result.problems.push({ path, problem: 'The template status update needs an event, a template id and a template name.' });
    return;
  }
  result.items.push({ kind: 'template_status', wabaId, update: value as TemplateStatusUpdate });
}

/** Calls `take` for each element of an optional list; a returned sentence is recorded as a problem. */
function forEachItem(list: unknown, path: string, result: SplitWebhook, take: (item: unknown) => string | null): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    result.problems.push({ path, problem: 'This should be a list.' });
    return;
  }
  list.forEach((item: unknown, index) => {
    const problem = take(item);
    if (problem) result.problems.push({ path: `${path}[${index}]`, problem });
  });
}

function contactsByWaId(list: unknown): Map<string, WebhookContact> {
  const contacts = new Map<string, WebhookContact>();
  if (!Array.isArray(list)) return contacts;
  for (const contact of list as unknown[]) {
    if (isRecord(contact) && nonEmptyString(contact.wa_id)) {
      contacts.set(contact.wa_id as string, contact as WebhookContact);
    }
  }
  return contacts;
}

function isWebhookError(value: unknown): value is WebhookError {
  return isRecord(value) && typeof value.code === 'number' && Number.isFinite(value.code);
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Meta's timestamps are Unix seconds, as strings inside messages and statuses, as numbers on entries. */
export function webhookTimestampToDate(value: unknown): Date | null {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}
