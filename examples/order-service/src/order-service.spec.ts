import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { WabusHttpClient } from '@wabus/client';
import { signCallback } from '@wabus/client';
import { createOrderHttpServer } from './order-http.server';
import { OrderService } from './order-service';

interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Stands in for the wabus gateway: records what the service asks for and answers as the API does. */
async function fakeGateway(): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      requests.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization, body });
      const answer = request.url === '/v1/messages' ? [202, { id: randomUUID(), status: 'queued' }] : [201, { id: randomUUID(), status: 'pending', ...body }];
      response.writeHead(answer[0] as number, { 'content-type': 'application/json' }).end(JSON.stringify(answer[1]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('order-service example', () => {
  const secret = 'whsec_example_secret_for_tests';
  const channelId = randomUUID();
  let gateway: Awaited<ReturnType<typeof fakeGateway>>;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    gateway = await fakeGateway();
    server = createOrderHttpServer(
      new OrderService({
        wabus: new WabusHttpClient({ baseUrl: gateway.url, apiKey: 'wabus_test_key', attempts: 1 }),
        channelId,
        callbackUrl: 'https://orders.example.com/wabus/callback',
        callbackSecret: secret,
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gateway.close();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    return { status: response.status, json: await response.json() };
  }

  const newOrder = (id: string) => ({
    id,
    customerPhone: '+2348031234567',
    managerPhone: '+2348037654321',
    currency: 'EUR',
    lines: [
      { description: 'Widget', quantity: 2, unitPrice: '19.99' },
      { description: 'Delivery', quantity: 1, unitPrice: '5.00' },
    ],
  });

  function decision(approvalId: string, reference: string, status: string) {
    const body = JSON.stringify({
      id: randomUUID(),
      type: 'approval.decided',
      occurredAt: new Date().toISOString(),
      data: { approvalId, reference, status, decidedAt: new Date().toISOString(), decidedBy: '+2348037654321' },
    });
    return { body, eventId: (JSON.parse(body) as { id: string }).id };
  }

  it('sends the creation notification and asks for approval when an order is created, each with an idempotency key', async () => {
    const created = await post('/orders', JSON.stringify(newOrder('SO-1')));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'SO-1', total: '44.98', status: 'awaiting_approval', approvalId: expect.any(String) });
    const [notification, approval] = gateway.requests.slice(-2);
    expect(notification).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      authorization: 'Bearer wabus_test_key',
      body: { channelId, to: '+2348031234567', type: 'text', text: { body: expect.stringContaining('SO-1 (44.98 EUR)') }, idempotencyKey: 'order-SO-1-created' },
    });
    expect(approval).toMatchObject({
      method: 'POST',
      path: '/v1/approvals',
      body: {
        channelId,
        to: '+2348037654321',
        reference: 'SO-1',
        amount: '44.98',
        currency: 'EUR',
        lines: [
          { description: 'Widget', quantity: 2, amount: '39.98' },
          { description: 'Delivery', quantity: 1, amount: '5.00' },
        ],
        callbackUrl: 'https://orders.example.com/wabus/callback',
        idempotencyKey: 'order-SO-1-approval',
      },
    });
  });

  it('applies a signed decision once, however often wabus delivers it', async () => {
    const created = await post('/orders', JSON.stringify(newOrder('SO-2')));
    const { body, eventId } = decision(created.json.approvalId, 'SO-2', 'approved');
    const answers = [];
    for (let copy = 0; copy < 3; copy++) answers.push(await post('/wabus/callback', body, { ...signCallback({ secret, eventId, rawBody: body }) }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.json)).toEqual([{ applied: 'approval.decided' }, { duplicate: true }, { duplicate: true }]);
    const order = await (await fetch(`${baseUrl}/orders/SO-2`)).json();
    expect(order).toMatchObject({ status: 'approved', decidedBy: '+2348037654321' });
  });

  it('refuses a forged, altered or stale callback with 401 and changes nothing', async () => {
    await post('/orders', JSON.stringify(newOrder('SO-3')));
    const { body, eventId } = decision(randomUUID(), 'SO-3', 'rejected');
    const forged = await post('/wabus/callback', body, { ...signCallback({ secret: 'whsec_guess', eventId, rawBody: body }) });
    const altered = await post('/wabus/callback', body.replace('rejected', 'approved'), { ...signCallback({ secret, eventId, rawBody: body }) });
    const stale = await post('/wabus/callback', body, { ...signCallback({ secret, eventId, rawBody: body, timestamp: Math.floor(Date.now() / 1000) - 3_600 }) });
    const unsigned = await post('/wabus/callback', body);
    expect([forged, altered, stale, unsigned].map((answer) => [answer.status, answer.json.error])).toEqual([
      [401, 'signature_mismatch'],
      [401, 'signature_mismatch'],
      [401, 'timestamp_out_of_tolerance'],
      [401, 'missing_header'],
    ]);
    expect(((await (await fetch(`${baseUrl}/orders/SO-3`)).json()) as { status: string }).status).toBe('awaiting_approval');
  });
});
