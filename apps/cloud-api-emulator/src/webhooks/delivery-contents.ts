import { WebhookChange } from './webhook-change';

export interface DeliveredMessage {
  id: string;
  from: string;
  type: string;
}

export interface DeliveredStatus {
  id: string;
  status: string;
  recipientId: string;
}

/** What one POST carried, by id: enough to tell when a given message or status reached the endpoint. */
export interface DeliveryContents {
  /** The business numbers the changes are about (`value.metadata.phone_number_id`), each once. */
  phoneNumberIds: string[];
  messages: DeliveredMessage[];
  statuses: DeliveredStatus[];
}

/** The parts of a `messages` change value that the contents name (whatsapp-cloud-api.md §4.3); other fields have none. */
interface MessagesValueView {
  metadata?: { phone_number_id?: string };
  messages?: { id: string; from: string; type: string }[];
  statuses?: { id: string; status: string; recipient_id: string }[];
}

/** Read once per packed POST, not per attempt: every retry carries the same bytes. */
export function deliveryContents(changes: WebhookChange[]): DeliveryContents {
  const contents: DeliveryContents = { phoneNumberIds: [], messages: [], statuses: [] };
  for (const change of changes) {
    const value = change.value as MessagesValueView;
    const phoneNumberId = value.metadata?.phone_number_id;
    if (phoneNumberId !== undefined && !contents.phoneNumberIds.includes(phoneNumberId)) contents.phoneNumberIds.push(phoneNumberId);
    for (const message of value.messages ?? []) contents.messages.push({ id: message.id, from: message.from, type: message.type });
    for (const status of value.statuses ?? []) contents.statuses.push({ id: status.id, status: status.status, recipientId: status.recipient_id });
  }
  return contents;
}
