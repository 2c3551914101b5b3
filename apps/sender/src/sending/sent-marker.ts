import type { SendMessageResponse } from '@wabus/domain';

/**
 * The sent marker's value: what is needed to record the send again without
 * sending it again (`wamid|wa_id|message_status`), ~80 bytes, because a
 * marker lives for days and there is one per message sent. Receipts have no
 * marker (marking as read twice is harmless).
 */
export function encodeSentMarker(response: SendMessageResponse): string | null {
  const wamid = response.messages?.[0]?.id;
  if (!wamid) return null;
  return [wamid, response.contacts?.[0]?.wa_id ?? '', response.messages[0].message_status ?? ''].join('|');
}

/** Meta's answer rebuilt from a marker, for the record of a send that was accepted before a crash or retry. */
export function decodeSentMarker(marker: string, to: string): SendMessageResponse | null {
  const [wamid, waId, status] = marker.split('|');
  if (!wamid) return null;
  const message: SendMessageResponse['messages'][number] = { id: wamid };
  if (status === 'accepted' || status === 'held_for_quality_assessment' || status === 'paused') message.message_status = status;
  return { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: waId || to.replace(/\D/g, '') }], messages: [message] };
}
