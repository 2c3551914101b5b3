/** Where a webhook goes: the app's callback URL and the secret it is signed with. */
export interface WebhookTarget {
  url: string;
  appSecret: string;
}

/** One `changes[]` item of Meta's envelope (whatsapp-cloud-api.md §4.3), waiting to be delivered. */
export interface WebhookChange {
  wabaId: string;
  field: 'messages' | 'message_template_status_update' | string;
  value: object;
  /** Unix seconds; Meta sets `entry[].time` on fields other than `messages`. */
  time?: number;
  /** Extra identical deliveries asked for explicitly (`duplicate` on inbound and click). */
  extraCopies?: number;
}

interface EnvelopeEntry {
  id: string;
  time?: number;
  changes: { value: object; field: string }[];
}

/** Meta's envelope around one or more changes: one entry per WABA, changes in the given order. */
export function webhookEnvelope(changes: WebhookChange[]): {
  object: 'whatsapp_business_account';
  entry: EnvelopeEntry[];
} {
  const entries: EnvelopeEntry[] = [];
  for (const change of changes) {
    let entry = entries.find((candidate) => candidate.id === change.wabaId);
    if (!entry) {
      entry = { id: change.wabaId, changes: [] };
      entries.push(entry);
    }
    if (change.time !== undefined) entry.time = Math.max(entry.time ?? 0, change.time);
    entry.changes.push({ value: change.value, field: change.field });
  }
  return { object: 'whatsapp_business_account', entry: entries };
}
