import { bearer, Emulator, Json, NumberFixture, registerNumber, startEmulator, startWebhookSink, waitFor, WebhookSink, webhooksSettled } from './emulator-harness';

const ISO_WITH_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const NO_STATUSES = { statusDelaysMs: { sent: null, delivered: null, read: null } };
let customerCounter = 0;
const newCustomer = () => `4478${String(++customerCounter).padStart(8, '0')}`;

describe('GET /_emulator/webhooks, the deliveries the endpoint accepted', () => {
  let emulator: Emulator;
  let sink: WebhookSink;

  beforeAll(async () => {
    emulator = await startEmulator();
    sink = await startWebhookSink();
  });

  afterEach(async () => {
    await emulator.request('DELETE', '/_emulator/faults');
    await webhooksSettled(emulator);
    sink.failNext(0);
  });

  afterAll(async () => {
    await emulator.close();
    await sink.close();
  });

  const inbound = async (number: NumberFixture, from: string, extra: Record<string, unknown> = {}) => {
    const response = await emulator.request('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from, type: 'text', text: { body: 'hello' }, ...extra });
    expect(response.status).toBe(201);
    return response.json.id as string;
  };
  const send = async (number: NumberFixture, to: string) => {
    const response = await emulator.request(
      'POST',
      `/v21.0/${number.phoneNumberId}/messages`,
      { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } },
      bearer(number.accessToken),
    );
    expect(response.status).toBe(200);
    return response.json.messages[0].id as string;
  };
  const received = (id: string) => sink.received.find((hook) => hook.text.includes(id));
  const log = async (query = ''): Promise<Json[]> => {
    const response = await emulator.request('GET', `/_emulator/webhooks${query}`);
    expect(response.status).toBe(200);
    return response.json.data;
  };
  const rowsWith = (rows: Json[], messageId: string) => rows.filter((row) => row.messages.some((message: Json) => message.id === messageId));

  it('lists an inbound message and the statuses of a send by id, with when each was delivered', async () => {
    const number = await registerNumber(emulator, sink);
    const customer = newCustomer();
    const inboundId = await inbound(number, customer);
    const wamid = await send(number, customer);
    await waitFor(() => sink.items('statuses').filter((status) => status.id === wamid).length === 3, 5000, 'three statuses');
    await webhooksSettled(emulator);

    const rows = await log(`?phoneNumberId=${number.phoneNumberId}`);
    expect(rows[0]).toEqual({
      seq: expect.any(Number),
      deliveredAt: expect.stringMatching(ISO_WITH_MS),
      deliveredAtMs: expect.any(Number),
      attempts: 1,
      url: sink.url,
      phoneNumberIds: [number.phoneNumberId],
      messages: [{ id: inboundId, from: customer, type: 'text' }],
      statuses: [],
    });
    expect(rows.flatMap((row) => row.statuses)).toEqual(
      ['sent', 'delivered', 'read'].map((status) => ({ id: wamid, status, recipientId: customer })),
    );
    for (const row of rows) expect(Date.parse(row.deliveredAt)).toBe(row.deliveredAtMs);
    expect(rows.map((row) => row.seq)).toEqual([...rows.map((row) => row.seq)].sort((a, b) => a - b));
    // The 200 comes back after the endpoint has read the body.
    expect(rows[0].deliveredAtMs).toBeGreaterThanOrEqual(received(inboundId)?.at ?? Infinity);
  });

  it('counts every POST a delivery took when the endpoint first refused it, and lists it once', async () => {
    const number = await registerNumber(emulator, sink, NO_STATUSES);
    await emulator.request('POST', '/_emulator/faults', { webhook: { retryBaseMs: 10 } });
    sink.failNext(1);
    const id = await inbound(number, newCustomer());
    await webhooksSettled(emulator);
    expect(sink.attempts.filter((attempt) => attempt.text.includes(id)).map((attempt) => attempt.answered)).toEqual([500, 200]);
    expect(rowsWith(await log(`?phoneNumberId=${number.phoneNumberId}`), id)).toEqual([expect.objectContaining({ attempts: 2 })]);
  });

  it('lists the original of a duplicated delivery, not its copies', async () => {
    const number = await registerNumber(emulator, sink, NO_STATUSES);
    const id = await inbound(number, newCustomer(), { duplicate: 2 });
    await webhooksSettled(emulator);
    expect(sink.received.filter((hook) => hook.text.includes(id))).toHaveLength(3);
    expect(rowsWith(await log(`?phoneNumberId=${number.phoneNumberId}`), id)).toEqual([expect.objectContaining({ attempts: 1 })]);
  });

  it('filters by phoneNumberId and answers the last `limit`, oldest first', async () => {
    const first = await registerNumber(emulator, sink, NO_STATUSES);
    const second = await registerNumber(emulator, sink, NO_STATUSES);
    const ids: string[] = [];
    for (const number of [first, second, first]) {
      const id = await inbound(number, newCustomer());
      await waitFor(() => received(id) !== undefined, 5000, 'the inbound delivered');
      ids.push(id);
    }
    await webhooksSettled(emulator);
    const messageIds = (rows: Json[]) => rows.flatMap((row) => row.messages.map((message: Json) => message.id));
    expect(messageIds(await log(`?phoneNumberId=${first.phoneNumberId}`))).toEqual([ids[0], ids[2]]);
    expect(messageIds(await log(`?phoneNumberId=${second.phoneNumberId}`))).toEqual([ids[1]]);
    expect(messageIds(await log(`?phoneNumberId=${first.phoneNumberId}&limit=1`))).toEqual([ids[2]]);
    expect(messageIds(await log('?limit=3'))).toEqual(ids);
    expect(await log('?phoneNumberId=999')).toEqual([]);
  });

  it('is emptied by a reset', async () => {
    const number = await registerNumber(emulator, sink, NO_STATUSES);
    await inbound(number, newCustomer());
    await webhooksSettled(emulator);
    expect((await log()).length).toBeGreaterThan(0);
    await emulator.request('POST', '/_emulator/reset', { keepNumbers: true });
    expect(await log()).toEqual([]);
    const after = await inbound(number, newCustomer());
    await webhooksSettled(emulator);
    expect(rowsWith(await log(), after)).toHaveLength(1);
  });

  it('refuses a bad limit with a 400 naming it', async () => {
    for (const limit of ['0', '20001', '1.5', 'all']) {
      const response = await emulator.request('GET', `/_emulator/webhooks?limit=${limit}`);
      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        error: { code: 'validation_failed', message: expect.stringContaining('limit'), details: { fields: [{ field: 'limit', problems: expect.any(Array) }] } },
      });
    }
  });
});
