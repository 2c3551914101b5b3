import {
  bearer,
  Emulator,
  Json,
  metaError,
  NumberFixture,
  registerNumber,
  startEmulator,
  startWebhookSink,
  WebhookSink,
  webhooksSettled,
} from './emulator-harness';

describe('limits, exactly as configured', () => {
  let emulator: Emulator;
  let sink: WebhookSink;

  beforeAll(async () => {
    emulator = await startEmulator();
    sink = await startWebhookSink();
  });

  afterAll(async () => {
    await webhooksSettled(emulator);
    await emulator.close();
    await sink.close();
  });

  // Templates need no open window, so every accepted send here is a plain acceptance.
  const seedTemplate = (number: NumberFixture) =>
    emulator.request('POST', '/_emulator/templates', {
      wabaId: number.wabaId,
      templates: [{ name: 'ping', language: 'en', category: 'UTILITY', components: [{ type: 'BODY', text: 'ping' }] }],
    });
  const send = (number: NumberFixture, to: string) =>
    emulator.request(
      'POST',
      `/v21.0/${number.phoneNumberId}/messages`,
      { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'ping', language: { code: 'en' } } },
      bearer(number.accessToken),
    );
  const outbox = async (number: NumberFixture): Promise<Json[]> =>
    (await emulator.request('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}&limit=20000`)).json.data;

  it('never accepts more sends than the level in any one-second window, under bursts', async () => {
    const level = 20;
    const number = await registerNumber(emulator, sink, {
      throughputMps: level,
      pairRateLimit: { capacity: 10_000, refillIntervalMs: 1 },
      statusDelaysMs: { sent: null, delivered: null, read: null },
    });
    await seedTemplate(number);
    const statuses: number[] = [];
    // A first burst far above the level, then 3 s (emulator time) of bursts of 8 every 100 ms.
    const first = await Promise.all(Array.from({ length: 60 }, (_, i) => send(number, `4477009${String(i).padStart(5, '0')}`)));
    statuses.push(...first.map((response) => response.status));
    expect(first.filter((response) => response.status === 200)).toHaveLength(level);
    for (let round = 0; round < 30; round++) {
      const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => send(number, `4477118${String(round * 8 + i).padStart(5, '0')}`)));
      statuses.push(...burst.map((response) => response.status));
      await emulator.request('POST', '/_emulator/clock', { advanceMs: 100 });
    }

    const rows = await outbox(number);
    const accepted = rows.filter((row) => row.verdict === 'accepted').map((row) => Date.parse(row.receivedAt));
    expect(accepted.length).toBe(statuses.filter((status) => status === 200).length);
    for (const start of accepted) {
      expect(accepted.filter((t) => t >= start && t <= start + 1000).length).toBeLessThanOrEqual(level);
    }
    // Not stricter than asked either: three and a bit seconds of traffic let 60–80 through.
    expect(accepted.length).toBeGreaterThanOrEqual(3 * level);

    const refused = rows.filter((row) => row.verdict !== 'accepted');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].verdict).toEqual(
      metaError({ code: 130429, message: '(#130429) Rate limit hit', details: 'Cloud API message throughput has been reached.', subcode: 2494055 }),
    );
    const stats = (await emulator.request('GET', '/_emulator/stats')).json;
    expect(stats.peakSendsPerSecond[number.phoneNumberId]).toBe(level);
    expect(stats.numbers[number.phoneNumberId].rejectionsByCode['130429']).toBe(refused.length);
  });

  it('refuses a recipient hit faster than the pair limit with 131056, while another recipient still gets through', async () => {
    const number = await registerNumber(emulator, sink, {
      throughputMps: 1000,
      pairRateLimit: { capacity: 5, refillIntervalMs: 6000 },
      statusDelaysMs: { sent: null, delivered: null, read: null },
    });
    await seedTemplate(number);
    const hammered: number[] = [];
    for (let i = 0; i < 8; i++) hammered.push((await send(number, '447700900001')).status);
    expect(hammered).toEqual([200, 200, 200, 200, 200, 400, 400, 400]);
    const refused = await send(number, '447700900001');
    expect(refused.json).toEqual(
      metaError({
        code: 131056,
        message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
        details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
        subcode: 2494071,
      }),
    );
    expect((await send(number, '447700900002')).status).toBe(200);

    // One message of allowance comes back every 6 s.
    await emulator.request('POST', '/_emulator/clock', { advanceMs: 6000 });
    expect((await send(number, '447700900001')).status).toBe(200);
    expect((await send(number, '447700900001')).status).toBe(400);
  });

  it('tolerates a burst of 45 to one recipient by default (Meta’s pair limit), then refuses', async () => {
    const number = await registerNumber(emulator, sink, { throughputMps: 1000, statusDelaysMs: { sent: null, delivered: null, read: null } });
    await seedTemplate(number);
    const results = await Promise.all(Array.from({ length: 50 }, () => send(number, '447700900003')));
    expect(results.filter((response) => response.status === 200)).toHaveLength(45);
    expect(results.filter((response) => response.json.error?.code === 131056)).toHaveLength(5);
  });

  it('applies new limits at once when a number is registered again', async () => {
    const number = await registerNumber(emulator, sink, { throughputMps: 2, statusDelaysMs: { sent: null, delivered: null, read: null } });
    await seedTemplate(number);
    const before = await Promise.all(Array.from({ length: 5 }, (_, i) => send(number, `44770090010${i}`)));
    expect(before.filter((response) => response.status === 200)).toHaveLength(2);
    const again = await emulator.request('POST', '/_emulator/phone-numbers', { ...number, throughputMps: 10 });
    expect(again.status).toBe(200);
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => send(number, `44770090020${i}`)));
    expect(after.filter((response) => response.status === 200)).toHaveLength(8);
  });
});
