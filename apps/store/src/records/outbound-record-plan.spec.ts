import type { SendMessageJob } from '@wabus/queues';
import { planRecord, recipientIdentity } from './outbound-record-plan';

const message: SendMessageJob = {
  v: 1,
  messageId: '11111111-1111-4111-8111-111111111111',
  channelId: '22222222-2222-4222-8222-222222222222',
  to: '+2348031234567',
  type: 'interactive',
  payload: { type: 'button', body: { text: 'Approve order 42?' }, action: { buttons: [] } },
  contextMessageId: 'wamid.replied',
  idempotencyKey: 'order-42',
  requestedAt: '2031-01-01T00:00:00.000Z',
};

describe('outbound records', () => {
  it('keys the recipient by the digits of the E.164 number', () => {
    expect(recipientIdentity('c', '+2348031234567')).toEqual({ channelId: 'c', waId: '2348031234567', userId: null, phone: '+2348031234567', profileName: null, username: null });
  });

  it('still records a number our numbering plan does not know, and refuses what is no number', () => {
    expect(recipientIdentity('c', '+999 1234 5678')).toMatchObject({ waId: '99912345678' });
    expect(recipientIdentity('c', 'nobody')).toBeNull();
  });

  it('carries the message as submitted, with its readable text', () => {
    const plan = planRecord({ v: 1, messageId: message.messageId, outcome: 'queued', at: message.requestedAt, message });
    expect(plan.message).toMatchObject({
      text: 'Approve order 42?',
      contextWaMessageId: 'wamid.replied',
      idempotencyKey: 'order-42',
      requestedAt: new Date(message.requestedAt),
    });
  });

  it('describes a failure and keeps the raw request and response', () => {
    const plan = planRecord({
      v: 1,
      messageId: message.messageId,
      outcome: 'failed',
      at: '2031-01-01T00:00:01.000Z',
      request: { to: '2348031234567' },
      response: { error: { code: 131026 } },
      error: { code: '131026', title: 'Message undeliverable' },
    });
    expect(plan).toMatchObject({ outcome: 'failed', message: null, request: { to: '2348031234567' }, error: { code: 131026, help: expect.any(String) } });
  });
});
