import { decodeSentMarker, encodeSentMarker } from './sent-marker';

describe('sent marker', () => {
  it("keeps what the record needs and rebuilds Meta's answer from it", () => {
    const response = {
      messaging_product: 'whatsapp' as const,
      contacts: [{ input: '+5511987654321', wa_id: '551187654321' }],
      messages: [{ id: 'wamid.HBgL', message_status: 'accepted' as const }],
    };
    const marker = encodeSentMarker(response);
    expect(marker).toBe('wamid.HBgL|551187654321|accepted');
    expect(decodeSentMarker(marker as string, '+5511987654321')).toEqual(response);
  });

  it('has no marker without a wamid (receipts), and falls back to the digits of `to`', () => {
    expect(encodeSentMarker({ messaging_product: 'whatsapp', contacts: [], messages: [] })).toBeNull();
    expect(decodeSentMarker('wamid.X||', '+16505551234')).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
      messages: [{ id: 'wamid.X' }],
    });
  });
});
