import { AsyncMetaError } from '../errors/meta-rejection';
import { Conversation } from '../state/customer-windows';
import { StatusName } from './status-plan';

export interface StatusFacts {
  wamid: string;
  recipientId: string;
  bizOpaqueCallbackData?: string;
  /** service | marketing | utility | authentication */
  category: string;
  pricingType: 'regular' | 'free_customer_service';
  conversation: Conversation;
  /** From v24.0 Meta leaves `conversation` out of status webhooks. */
  withConversation: boolean;
}

/** One `statuses[]` item in Meta's shape (whatsapp-cloud-api.md §4.6). */
export function statusObject(
  facts: StatusFacts,
  status: StatusName,
  timestampSec: number,
  options: { billing: boolean; error?: AsyncMetaError },
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: facts.wamid,
    status,
    timestamp: String(timestampSec),
    recipient_id: facts.recipientId,
  };
  if (facts.bizOpaqueCallbackData !== undefined) item['biz_opaque_callback_data'] = facts.bizOpaqueCallbackData;
  if (status === 'failed') {
    item['errors'] = [options.error];
    return item;
  }
  if (!options.billing) return item;
  if (facts.withConversation) {
    const conversation: Record<string, unknown> = { id: facts.conversation.id };
    if (status === 'sent') conversation['expiration_timestamp'] = String(facts.conversation.expiresAt);
    conversation['origin'] = { type: facts.category };
    item['conversation'] = conversation;
  }
  item['pricing'] = {
    billable: facts.pricingType === 'regular',
    pricing_model: 'PMP',
    type: facts.pricingType,
    category: facts.category,
  };
  return item;
}

/** The `value` of a `messages` change: metadata of the business number plus the given arrays. */
export function messagesValue(displayPhoneNumber: string, phoneNumberId: string, arrays: Record<string, unknown[]>): object {
  return {
    messaging_product: 'whatsapp',
    metadata: {
      display_phone_number: displayPhoneNumber,
      phone_number_id: phoneNumberId,
    },
    ...arrays,
  };
}
