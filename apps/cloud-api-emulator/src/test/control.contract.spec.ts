import {
  bearer,
  Emulator,
  Json,
  metaError,
  NumberFixture,
  numberFixture,
  registerNumber,
  startEmulator,
  startWebhookSink,
  waitFor,
  WebhookSink,
  webhooksSettled,
} from './emulator-harness';

const CUSTOMER = '5511987654321';

describe('control routes (/_emulator/*) and the phone-number node', () => {
  let emulator: Emulator;
  let sink: WebhookSink;

  beforeAll(async () => {
    emulator = await startEmulator();
    sink = await startWebhookSink();
  });

  afterEach(async () => {
    await emulator.request('DELETE', '/_emulator/faults');
    await webhooksSettled(emulator);
  });

  afterAll(async () => {
    await emulator.close();
    await sink.close();
  });

  const send = (number: NumberFixture, body: Json) =>
    emulator.request('POST', `/v21.0/${number.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: CUSTOMER, ...body }, bearer(number.accessToken));
  const openWindow = (number: NumberFixture) =>
    emulator.request('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from: CUSTOMER, type: 'text', text: { body: 'hi' } });

  describe('POST /_emulator/phone-numbers', () => {
    it('registers (201), then updates in place (200), and never answers secrets', async () => {
      const number = numberFixture(sink.url, { verifiedName: 'Lucky Shrub' });
      const created = await emulator.request('POST', '/_emulator/phone-numbers', number);
      expect(created.status).toBe(201);
      expect(created.json).toEqual({
        phoneNumberId: number.phoneNumberId,
        wabaId: number.wabaId,
        webhookUrl: sink.url,
        verifyToken: number.verifyToken,
        throughputMps: 80,
        displayPhoneNumber: '15550783881',
        verifiedName: 'Lucky Shrub',
        qualityRating: 'GREEN',
        pairRateLimit: { capacity: 45, refillIntervalMs: 6000 },
        statusDelaysMs: { sent: 50, delivered: 100, read: 150 },
        notOnWhatsApp: [],
        templateApprovalDelayMs: 200,
        created: true,
      });
      expect(created.text).not.toContain(number.accessToken);
      expect(created.text).not.toContain(number.appSecret);
      const updated = await emulator.request('POST', '/_emulator/phone-numbers', { ...number, throughputMps: 1000, statusDelaysMs: { read: null } });
      expect(updated.status).toBe(200);
      expect(updated.json).toMatchObject({
        created: false,
        throughputMps: 1000,
        verifiedName: 'Lucky Shrub',
        statusDelaysMs: { sent: 50, delivered: 100, read: null },
      });
      const listed = await emulator.request('GET', '/_emulator/phone-numbers');
      expect(listed.json.data.map((entry: Json) => entry.phoneNumberId)).toContain(number.phoneNumberId);
    });

    it('answers a clear 400 naming every bad field', async () => {
      const response = await emulator.request('POST', '/_emulator/phone-numbers', {
        phoneNumberId: '1/2',
        wabaId: 'w',
        accessToken: '',
        appSecret: 's',
        webhookUrl: 'not a url',
        verifyToken: 'v',
        throughputMps: 0,
      });
      expect(response.status).toBe(400);
      expect(response.json.error).toEqual({ code: expect.any(String), message: expect.stringContaining('phoneNumberId'), details: expect.anything() });
      for (const field of ['phoneNumberId', 'accessToken', 'webhookUrl', 'throughputMps']) expect(JSON.stringify(response.json.error.details)).toContain(field);
    });

    it('runs Meta’s verification handshake against the webhook URL on demand', async () => {
      const { createServer } = await import('node:http');
      const server = createServer((req, res) => {
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        const ok = query.get('hub.mode') === 'subscribe' && query.get('hub.verify_token') === 'right-token';
        res.writeHead(ok ? 200 : 403).end(ok ? (query.get('hub.challenge') ?? '') : 'forbidden');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/whatsapp/x`;
      try {
        const good = await registerNumber(emulator, sink, { webhookUrl: url, verifyToken: 'right-token' });
        const verified = await emulator.request('POST', `/_emulator/phone-numbers/${good.phoneNumberId}/verify-webhook`);
        expect(verified.json).toEqual({ verified: true, status: 200, challenge: expect.stringMatching(/^\d{10}$/), body: verified.json.challenge });
        const bad = await registerNumber(emulator, sink, { webhookUrl: url, verifyToken: 'wrong-token' });
        expect((await emulator.request('POST', `/_emulator/phone-numbers/${bad.phoneNumberId}/verify-webhook`)).json).toMatchObject({
          verified: false,
          status: 403,
        });
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('forgets a number on DELETE', async () => {
      const number = await registerNumber(emulator, sink);
      expect((await emulator.request('DELETE', `/_emulator/phone-numbers/${number.phoneNumberId}`)).json).toEqual({ success: true });
      const again = await emulator.request('DELETE', `/_emulator/phone-numbers/${number.phoneNumberId}`);
      expect(again.status).toBe(404);
      expect(again.json).toEqual({ error: { code: 'unknown_phone_number', message: `No number ${number.phoneNumberId} is registered.` } });
    });
  });

  describe('GET /:version/:phoneNumberId', () => {
    it('answers the number as Meta describes it', async () => {
      const number = await registerNumber(emulator, sink, { verifiedName: 'Lucky Shrub' });
      const response = await emulator.request('GET', `/v23.0/${number.phoneNumberId}`, undefined, bearer(number.accessToken));
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        verified_name: 'Lucky Shrub',
        code_verification_status: 'VERIFIED',
        display_phone_number: '15550783881',
        quality_rating: 'GREEN',
        platform_type: 'CLOUD_API',
        throughput: { level: 'STANDARD' },
        webhook_configuration: { application: sink.url },
        id: number.phoneNumberId,
      });
    });

    it('says HIGH throughput from 1000 mps, and honours fields', async () => {
      const number = await registerNumber(emulator, sink, { throughputMps: 1000 });
      const response = await emulator.request(
        'GET',
        `/v23.0/${number.phoneNumberId}?fields=throughput,status,health_status`,
        undefined,
        bearer(number.accessToken),
      );
      expect(response.json).toEqual({
        throughput: { level: 'HIGH' },
        status: 'CONNECTED',
        health_status: { can_send_message: 'AVAILABLE', entities: [{ entity_type: 'PHONE_NUMBER', id: number.phoneNumberId, can_send_message: 'AVAILABLE' }] },
        id: number.phoneNumberId,
      });
      const edge = await emulator.request('GET', `/v23.0/${number.wabaId}/phone_numbers?fields=display_phone_number`, undefined, bearer(number.accessToken));
      expect(edge.json).toEqual({ data: [{ display_phone_number: '15550783881', id: number.phoneNumberId }] });
    });

    it.each<[string, (number: NumberFixture) => [string, Record<string, string>], number, Json]>([
      [
        'a wrong token',
        (number) => [`/v23.0/${number.phoneNumberId}`, bearer('wrong')],
        401,
        metaError({ code: 190, message: '(#190) Invalid OAuth access token - Cannot parse access token' }),
      ],
      [
        'an unknown id',
        (number) => ['/v23.0/424242424242', bearer(number.accessToken)],
        400,
        metaError({
          code: 100,
          type: 'GraphMethodException',
          subcode: 33,
          message: expect.stringContaining("Unsupported get request. Object with ID '424242424242' does not exist"),
        }),
      ],
      [
        'an unknown field',
        (number) => [`/v23.0/${number.phoneNumberId}?fields=favourite_colour`, bearer(number.accessToken)],
        400,
        {
          error: {
            message: '(#100) Tried accessing nonexisting field (favourite_colour) on node type (WhatsAppBusinessPhoneNumber)',
            type: 'OAuthException',
            code: 100,
            fbtrace_id: expect.any(String),
          },
        },
      ],
    ])('refuses %s', async (_name, call, status, body) => {
      const number = await registerNumber(emulator, sink);
      const [path, headers] = call(number);
      const response = await emulator.request('GET', path, undefined, headers);
      expect(response.status).toBe(status);
      expect(response.json).toEqual(body);
    });
  });

  describe('GET /_emulator/outbox', () => {
    it('filters by number and recipient, oldest first, limited to the last N', async () => {
      const number = await registerNumber(emulator, sink, { statusDelaysMs: { sent: null, delivered: null, read: null } });
      for (const to of ['+55 11 98765-4321', '447700900001', CUSTOMER, '447700900001']) await send(number, { to, text: { body: to } });
      const forCustomer = await emulator.request('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}&to=%2B${CUSTOMER}`);
      expect(forCustomer.json.data.map((row: Json) => row.to)).toEqual(['+55 11 98765-4321', CUSTOMER]);
      const lastTwo = await emulator.request('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}&limit=2`);
      expect(lastTwo.json.data.map((row: Json) => row.to)).toEqual([CUSTOMER, '447700900001']);
      const bad = await emulator.request('GET', '/_emulator/outbox?limit=0');
      expect(bad.status).toBe(400);
    });
  });

  describe('GET /_emulator/stats', () => {
    it('counts sends, rejections by code, peaks and webhooks', async () => {
      const number = await registerNumber(emulator, sink, { statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
      await openWindow(number);
      await send(number, { text: { body: 'one' } });
      await send(number, { text: { body: '' } });
      await webhooksSettled(emulator);
      const stats = (await emulator.request('GET', '/_emulator/stats')).json;
      expect(stats).toEqual({
        startedAt: expect.any(String),
        now: expect.any(String),
        clockOffsetMs: expect.any(Number),
        sends: {
          total: expect.any(Number),
          accepted: expect.any(Number),
          rejected: expect.any(Number),
          readReceipts: expect.any(Number),
          byType: expect.objectContaining({ text: expect.any(Number) }),
        },
        rejectionsByCode: expect.objectContaining({ '131009': expect.any(Number) }),
        asyncFailuresByCode: expect.any(Object),
        peakSendsPerSecond: expect.objectContaining({ [number.phoneNumberId]: 1 }),
        numbers: expect.objectContaining({
          [number.phoneNumberId]: {
            accepted: 1,
            rejected: 1,
            rejectionsByCode: { '131009': 1 },
            peakSendsPerSecond: 1,
            sendsInLastSecond: expect.any(Number),
            throughputMps: 80,
          },
        }),
        webhooks: {
          attempts: expect.any(Number),
          delivered: expect.any(Number),
          changesDelivered: expect.any(Number),
          retries: expect.any(Number),
          failed: expect.any(Number),
          duplicates: expect.any(Number),
          dropped: expect.any(Number),
          pending: 0,
        },
        inbound: expect.any(Number),
        clicks: expect.any(Number),
        templateStatusUpdates: expect.any(Number),
        mediaUploads: expect.any(Number),
      });
    });
  });

  describe('POST /_emulator/faults', () => {
    it('answers a share of sends with 503 / code 2, reproducibly with a seed', async () => {
      const number = await registerNumber(emulator, sink, { throughputMps: 1000, statusDelaysMs: { sent: null, delivered: null, read: null } });
      await openWindow(number);
      const run = async () => {
        const set = await emulator.request('POST', '/_emulator/faults', { seed: 99, http5xxRate: 0.5 });
        expect(set.status).toBe(200);
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push((await send(number, { to: `4477009${String(i).padStart(5, '0')}`, text: { body: 'x' } })).status);
        return statuses;
      };
      const first = await run();
      expect(await run()).toEqual(first);
      expect(first).toContain(503);
      expect(first).toContain(200);
      const refused = (await emulator.request('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}`)).json.data.find(
        (row: Json) => row.verdict !== 'accepted',
      );
      expect(refused.verdict).toEqual(metaError({ code: 2, message: '(#2) API Service', details: 'Temporary due to downtime or due to being overloaded.' }));
    });

    it('refuses with the chosen error codes, and fails accepted sends with chosen async codes', async () => {
      const number = await registerNumber(emulator, sink, { statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
      await openWindow(number);
      await emulator.request('POST', '/_emulator/faults', { errorCodes: { '131000': 1 } });
      const refused = await send(number, { text: { body: 'x' } });
      expect(refused.status).toBe(500);
      expect(refused.json).toEqual(
        metaError({ code: 131000, message: '(#131000) Something went wrong', details: 'Message failed to send due to an unknown error.' }),
      );

      await emulator.request('POST', '/_emulator/faults', { failedStatusCodes: { '131049': 1 } });
      const accepted = await send(number, { text: { body: 'x' } });
      const wamid = accepted.json.messages[0].id;
      await waitFor(() => sink.items('statuses').some((status) => status.id === wamid), 5000);
      expect(sink.items('statuses').filter((status) => status.id === wamid)).toEqual([
        {
          id: wamid,
          status: 'failed',
          timestamp: expect.any(String),
          recipient_id: CUSTOMER,
          errors: [
            {
              code: 131049,
              title: 'This message was not delivered to maintain healthy ecosystem engagement.',
              message: 'This message was not delivered to maintain healthy ecosystem engagement.',
              error_data: { details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.' },
              href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
            },
          ],
        },
      ]);
    });

    it('holds a send unanswered and drops the connection on a timeout fault', async () => {
      const number = await registerNumber(emulator, sink);
      await emulator.request('POST', '/_emulator/faults', { timeoutRate: 1, timeoutMs: 50 });
      const outcome = await fetch(`${emulator.url}/v21.0/${number.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(number.accessToken) },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, text: { body: 'x' } }),
      }).then(
        (response) => `answered ${response.status}`,
        () => 'connection dropped',
      );
      expect(outcome).toBe('connection dropped');
      const rows = (await emulator.request('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}`)).json.data;
      expect(rows[0].verdict).toEqual({ error: { type: 'timeout', message: 'Injected timeout: no answer, connection closed after 50 ms.' } });
    });

    it('shows, replaces and clears the active faults; refuses bad rates', async () => {
      const set = await emulator.request('POST', '/_emulator/faults', { seed: 5, latencyMs: 1, webhook: { duplicateRate: 0.5 } });
      expect(set.json).toEqual({
        seed: 5,
        http5xxRate: 0,
        timeoutRate: 0,
        timeoutMs: 15000,
        errorCodes: {},
        failedStatusCodes: {},
        latencyMs: 1,
        webhook: {
          duplicateRate: 0.5,
          dropRate: 0,
          reorder: false,
          reorderWindowMs: 100,
          batchWindowMs: 0,
          retryBaseMs: 100,
          maxAttempts: 10,
          timeoutMs: 5000,
        },
      });
      expect((await emulator.request('GET', '/_emulator/faults')).json).toEqual(set.json);
      const cleared = await emulator.request('DELETE', '/_emulator/faults');
      expect(cleared.json).toMatchObject({ http5xxRate: 0, latencyMs: 0, webhook: { duplicateRate: 0 } });
      const bad = await emulator.request('POST', '/_emulator/faults', { errorCodes: { '131000': 2 } });
      expect(bad.status).toBe(400);
      expect(bad.json).toEqual({ error: { code: 'invalid_request', message: 'errorCodes.131000: the rate must be a number from 0 to 1' } });
      expect((await emulator.request('POST', '/_emulator/faults', { http5xxRate: 1.5 })).status).toBe(400);
    });
  });

  describe('POST /_emulator/inbound', () => {
    it('refuses an inbound without its type object, or for an unknown number', async () => {
      const number = await registerNumber(emulator, sink);
      const missing = await emulator.request('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from: CUSTOMER, type: 'image' });
      expect(missing.status).toBe(400);
      expect(missing.json).toEqual({
        error: { code: 'missing_type_object', message: 'An inbound message of type image needs a "image" object, as Meta\'s webhook carries it.' },
      });
      const unknown = await emulator.request('POST', '/_emulator/inbound', { phoneNumberId: '404404', from: CUSTOMER, type: 'text', text: { body: 'x' } });
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.code).toBe('unknown_phone_number');
      const invalid = await emulator.request('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from: 'abc', type: 'selfie' });
      expect(invalid.status).toBe(400);
      expect(JSON.stringify(invalid.json.error)).toContain('from');
      expect(JSON.stringify(invalid.json.error)).toContain('type');
    });
  });

  it('resets everything but the demo number; keepNumbers keeps the registrations', async () => {
    const number = await registerNumber(emulator, sink);
    expect((await emulator.request('POST', '/_emulator/reset', { keepNumbers: true })).json).toEqual({ success: true });
    expect((await emulator.request('GET', '/_emulator/phone-numbers')).json.data.map((entry: Json) => entry.phoneNumberId)).toContain(number.phoneNumberId);
    expect((await emulator.request('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}`)).json.data).toEqual([]);
    await emulator.request('POST', '/_emulator/reset');
    const numbers = (await emulator.request('GET', '/_emulator/phone-numbers')).json.data.map((entry: Json) => entry.phoneNumberId);
    expect(numbers).toEqual(['106540352242922']);
    expect((await emulator.request('GET', '/_emulator/stats')).json.sends.total).toBe(0);
    expect((await emulator.request('GET', '/_emulator/clock')).json.offsetMs).toBe(0);
  });

  it('answers unknown routes: Graph-shaped on Graph paths, plain 404 under /_emulator', async () => {
    const graph = await emulator.request('GET', '/v21.0/123/not_an_edge');
    expect(graph.status).toBe(400);
    expect(graph.json).toEqual({
      error: { message: 'Unknown path components: /v21.0/123/not_an_edge', type: 'OAuthException', code: 2500, fbtrace_id: expect.any(String) },
    });
    const control = await emulator.request('GET', '/_emulator/nothing-here');
    expect(control.status).toBe(404);
    expect(control.json).toEqual({ error: { code: 'not_found', message: 'No route GET /_emulator/nothing-here.' } });
  });
});
