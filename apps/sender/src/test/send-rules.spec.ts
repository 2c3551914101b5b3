import { RedisKeys } from '@wabus/queues';
import { SenderHarness, TestChannel } from './sender-harness';

jest.setTimeout(30_000);

describe('sender: messages Meta would refuse are refused before any API call', () => {
  let harness: SenderHarness;
  let channel: TestChannel;

  beforeAll(async () => {
    harness = await SenderHarness.start();
    channel = await harness.channel();
    await harness.template(channel, {
      name: 'order_update',
      language: 'en_US',
      components: [
        { type: 'BODY', text: 'Hi {{1}}, order {{2}} is {{3}}.', example: { body_text: [['Pablo', '#42', 'shipped']] } },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}', example: ['https://example.com/track/42'] }] },
      ],
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const orderUpdate = (body: string[], button?: string) => ({
    name: 'order_update',
    language: { code: 'en_US' },
    components: [
      { type: 'body', parameters: body.map((text) => ({ type: 'text', text })) },
      ...(button ? [{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: button }] }] : []),
    ],
  });

  it('refuses a free-form message outside the 24-hour window with window_closed and the template hint, without calling the API', async () => {
    const id = await harness.submit(channel, { to: '+2348031110001', type: 'text', payload: { body: 'are you there?' } });
    const outcome = await harness.outcome(id);
    expect(outcome).toMatchObject({ outcome: 'failed', error: { code: 'window_closed', title: 'Customer service window closed' } });
    expect(outcome.error?.details).toBe('Cannot send this text message: the 24-hour customer service window is closed (the customer has never written to this number); send an approved template instead.');
    expect(outcome.request).toBeUndefined();
    expect(await harness.outbox(channel.phoneNumberId, '+2348031110001')).toEqual([]);
    expect(await harness.deadLetter(id)).toMatchObject({ error: { code: 'window_closed' } });
  });

  it('sends a template to the same customer: templates need no window', async () => {
    const id = await harness.submit(channel, { to: '+2348031110001', type: 'template', payload: orderUpdate(['Pablo', '#42', 'shipped'], '42') });
    expect(await harness.outcome(id)).toMatchObject({ outcome: 'sent' });
    expect(await harness.outbox(channel.phoneNumberId, '+2348031110001')).toHaveLength(1);
  });

  it('refuses a window that closed more than 24 hours ago, saying when the customer last wrote', async () => {
    const lastWrote = Date.now() - 25 * 60 * 60 * 1000;
    await harness.redis.set(RedisKeys.lastInbound(harness.config.queuePrefix, channel.id, '2348031110002'), String(lastWrote));
    const id = await harness.submit(channel, { to: '+2348031110002', type: 'image', payload: { link: 'https://example.com/a.jpg' } });
    const outcome = await harness.outcome(id);
    expect(outcome).toMatchObject({ outcome: 'failed', error: { code: 'window_closed' } });
    expect(outcome.error?.details).toContain(`the customer last wrote at ${new Date(lastWrote).toISOString()}`);
    expect(await harness.outbox(channel.phoneNumberId, '+2348031110002')).toEqual([]);
  });

  it('falls back to the conversation row when Redis has no window key, and caches the open window', async () => {
    const contact = await harness.contact(channel, '+2348031110003');
    await harness.conversation(channel, contact, new Date(Date.now() - 60_000));
    await harness.emulatorCall('POST', '/_emulator/inbound', { phoneNumberId: channel.phoneNumberId, from: '+2348031110003', type: 'text', text: { body: 'hi' } });
    const key = RedisKeys.lastInbound(harness.config.queuePrefix, channel.id, '2348031110003');
    await harness.redis.del(key);
    const id = await harness.submit(channel, { to: '+2348031110003', type: 'text', payload: { body: 'thanks for writing' } });
    expect(await harness.outcome(id)).toMatchObject({ outcome: 'sent' });
    expect(Number(await harness.redis.get(key))).toBeGreaterThan(Date.now() - 2 * 60_000);
  });

  it('refuses an opted-out contact, by number and by contact id', async () => {
    const contact = await harness.contact(channel, '+2348031110004', { optedOut: true, optedOutAt: new Date() });
    await harness.customerWrites(channel, '+2348031110004');
    const byNumber = await harness.submit(channel, { to: '+2348031110004', type: 'text', payload: { body: 'promo' } });
    const byId = await harness.submit(channel, { to: { contactId: contact.id }, type: 'template', payload: orderUpdate(['a', 'b', 'c'], 'd') });
    for (const id of [byNumber, byId]) {
      const outcome = await harness.outcome(id);
      expect(outcome).toMatchObject({ outcome: 'failed', error: { code: 'opted_out', title: 'Contact opted out' } });
      expect(outcome.error?.details).toContain('opted out of messages from this business');
    }
    expect(await harness.outbox(channel.phoneNumberId, '+2348031110004')).toEqual([]);
  });

  it('refuses a template whose parameters do not fit the synced definition, naming what is wrong', async () => {
    const id = await harness.submit(channel, { to: '+2348031110005', type: 'template', payload: orderUpdate(['Pablo'], '42') });
    const outcome = await harness.outcome(id);
    expect(outcome).toMatchObject({ outcome: 'failed', error: { code: 'template_invalid', title: 'Template cannot be sent' } });
    expect(outcome.error?.details).toBe('Template order_update (en_US) expects 3 body parameters ({{1}}, {{2}}, {{3}}), but the message gives 1.');
    const missingButton = await harness.submit(channel, { to: '+2348031110005', type: 'template', payload: orderUpdate(['a', 'b', 'c']) });
    expect((await harness.outcome(missingButton)).error?.details).toBe("Template order_update (en_US)'s url button at index 0 needs 1 parameter, but the message gives 0.");
    expect(await harness.outbox(channel.phoneNumberId, '+2348031110005')).toEqual([]);
  });

  it('lets Meta judge a template that was never synced, and records Meta’s refusal with code, title and details', async () => {
    const id = await harness.submit(channel, { to: '+2348031110006', type: 'template', payload: { name: 'not_synced', language: { code: 'en' } } });
    const outcome = await harness.outcome(id);
    expect(outcome).toMatchObject({ outcome: 'failed', error: { code: '132001', details: 'template name (not_synced) does not exist in en' } });
    expect(outcome.response).toMatchObject({ error: { code: 132001 } });
    expect(await harness.outbox(channel.phoneNumberId, '+2348031110006')).toHaveLength(1);
  });

  it('refuses a paused template before the API does', async () => {
    await harness.template(channel, { name: 'paused_promo', language: 'en', status: 'PAUSED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Sale!' }] });
    const id = await harness.submit(channel, { to: '+2348031110007', type: 'template', payload: { name: 'paused_promo', language: { code: 'en' } } });
    expect(await harness.outcome(id)).toMatchObject({ outcome: 'failed', error: { code: 'template_invalid', details: expect.stringContaining('is PAUSED at Meta') } });
  });

  it('refuses jobs that are not valid messages: bad payloads, unknown types, bad numbers, inactive channels', async () => {
    await harness.customerWrites(channel, '+2348031110008');
    const bothSources = await harness.submit(channel, { to: '+2348031110008', type: 'image', payload: { id: '1', link: 'https://example.com/a.jpg' } });
    const unknownType = await harness.submit(channel, { to: '+2348031110008', type: 'poll', payload: { question: '?' } });
    const badNumber = await harness.submit(channel, { to: '+12', type: 'text', payload: { body: 'x' } });
    const inactive = await harness.channel({ active: false });
    const toInactive = await harness.submit(inactive, { to: '+2348031110008', type: 'text', payload: { body: 'x' } });
    expect(await harness.outcome(bothSources)).toMatchObject({ outcome: 'failed', error: { code: 'invalid_payload' } });
    expect(await harness.outcome(unknownType)).toMatchObject({ outcome: 'failed', error: { code: 'unsupported_type' } });
    expect(await harness.outcome(badNumber)).toMatchObject({ outcome: 'failed', error: { code: 'invalid_phone_number' } });
    expect(await harness.outcome(toInactive)).toMatchObject({ outcome: 'failed', error: { code: 'channel_inactive' } });
    expect(await harness.outbox(channel.phoneNumberId, '+2348031110008')).toEqual([]);
  });
});
