import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ApiKeyEntity, hashApiKey } from '@wabus/persistence';
import { mutateJson } from '@wabus/testing';
import { DataSource } from 'typeorm';
import { GatewayHarness, startGateway } from './gateway-harness';

/**
 * The REST API under hostile input, with WABUS_ALLOW_PRIVATE_URLS=false as in
 * production: SQL in every list filter, keys of the wrong scope, URLs that
 * point into the private network (SSRF), and fuzzed sends. Every answer is a
 * clear 2xx/4xx, never a 5xx, and never someone else's data.
 */

const INJECTIONS = ["' OR '1'='1", "'; DROP TABLE messages; --", '" OR ""="', '1) OR (1=1', "%' OR 1=1 --", '\\', '%', '_', "x' UNION SELECT key_hash FROM api_keys --", '$1', 'NULL', '\u0000'];

const LIST_FILTERS: Array<[string, string[]]> = [
  ['/v1/messages', ['channelId', 'direction', 'phone', 'status', 'type', 'conversationId', 'q', 'cursor', 'limit']],
  ['/v1/conversations', ['channelId', 'contactId', 'phone', 'unread', 'open', 'cursor']],
  ['/v1/contacts', ['channelId', 'phone', 'search', 'tag', 'cursor']],
  ['/v1/templates', ['channelId', 'status', 'language', 'category', 'name', 'cursor']],
  ['/v1/dead-letters', ['queue', 'pending', 'cursor']],
  ['/v1/approvals', ['channelId', 'reference', 'status', 'cursor']],
  ['/v1/button-actions', ['buttonId', 'channelId', 'active', 'cursor']],
  ['/v1/subscriptions', ['cursor']],
  ['/v1/channels', ['cursor']],
];

const PRIVATE_URLS = [
  'http://127.0.0.1:3000/hook',
  'http://localhost/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.1.2.3/hook',
  'http://192.168.0.10/hook',
  'http://[::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[fe80::1]/hook',
  'http://0.0.0.0/hook',
  'http://224.0.0.1/hook',
  'http://metadata.google.internal/computeMetadata/v1/',
];

describe('gateway REST API: hostile input', () => {
  let gateway: GatewayHarness;
  let channelId: string;
  const keys: Record<'read' | 'send', string> = { read: `wabus_test_read_${randomUUID()}`, send: `wabus_test_send_${randomUUID()}` };

  beforeAll(async () => {
    gateway = await startGateway({ allowPrivateUrls: false });
    const created = await gateway.api('POST', '/v1/channels', {
      name: 'security test',
      phoneNumberId: `7${Date.now()}`,
      wabaId: `8${Date.now()}`,
      accessToken: `token-${randomUUID()}`,
      appSecret: `secret-${randomUUID()}`,
      verifyToken: `verify-${randomUUID()}`,
    });
    expect(created.status).toBe(201);
    channelId = created.json.id;
    const apiKeys = gateway.service.app.get(DataSource).getRepository(ApiKeyEntity);
    for (const scope of ['read', 'send'] as const) {
      await apiKeys.save(apiKeys.create({ name: `${scope} only`, prefix: keys[scope].slice(0, 12), keyHash: hashApiKey(keys[scope]), scopes: [scope] }));
    }
  });

  afterAll(async () => {
    await gateway?.close();
  });

  describe('SQL in list filters', () => {
    const cases = LIST_FILTERS.flatMap(([route, filters]) => filters.flatMap((filter) => INJECTIONS.map((value) => [route, filter, value] as const)));
    it(`answers ${cases.length} injected filters with 200 and no rows, or 400, never 5xx`, async () => {
      const failures: string[] = [];
      for (const [route, filter, value] of cases) {
        const response = await gateway.api('GET', `${route}?${filter}=${encodeURIComponent(value)}`);
        const clear = response.status === 400 && typeof response.json?.error?.code === 'string' && typeof response.json?.error?.message === 'string';
        // The run's database holds rows (this suite's channel, at least): an exact filter that matched anything would have leaked them.
        // Free-text search (q, search) may legitimately match words of the injection ("messages", "null") in other suites' rows;
        // a template name filter is "contains", so a row it returns must hold the value literally (`_` and `%` are not wildcards).
        const freeText = filter === 'q' || filter === 'search';
        const literal = route === '/v1/templates' && filter === 'name';
        const rows: Array<Record<string, unknown>> = Array.isArray(response.json?.data) ? response.json.data : [];
        const matches = literal ? rows.every((row) => String(row.name).toLowerCase().includes(value.toLowerCase())) : freeText || rows.length === 0;
        const answered = response.status === 200 && Array.isArray(response.json?.data) && matches;
        if (!clear && !answered) failures.push(`${route}?${filter}=${value} → ${response.status} ${response.text.slice(0, 160)}`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe('API keys of the wrong scope', () => {
    it.each([
      ['read', 'POST', '/v1/messages', (): unknown => ({ channelId, to: '+4917612345678', type: 'text', text: { body: 'hi' } })],
      ['read', 'POST', '/v1/channels', (): unknown => ({ name: 'x', phoneNumberId: '1', wabaId: '2', accessToken: 'a'.repeat(10), appSecret: 'b'.repeat(10), verifyToken: 'c'.repeat(10) })],
      ['send', 'GET', '/v1/dead-letters', (): unknown => undefined],
      ['send', 'POST', '/v1/subscriptions', (): unknown => ({ url: 'https://example.com/hook', events: ['message.received'] })],
      ['send', 'PATCH', '/v1/channels/$channel', (): unknown => ({ name: 'renamed' })],
      ['read', 'GET', '/v1/subscriptions', (): unknown => undefined],
    ] as const)('a %s key gets 403 for %s %s', async (scope, method, route, body) => {
      const response = await gateway.api(method, route.replace('$channel', channelId), body(), keys[scope]);
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe('forbidden');
    });

    it('refuses a missing, malformed or unknown key with 401', async () => {
      for (const key of ['', 'Bearer', `wabus_${randomUUID()}`, "' OR 1=1 --"]) {
        const response = await gateway.api('GET', '/v1/messages', undefined, key);
        expect(response.status).toBe(401);
      }
    });
  });

  describe('URLs into the private network (SSRF)', () => {
    const refusedWithField = (response: { status: number; json: { error: { code: string; details?: { fields?: Array<{ field: string }> } } } }, field: string) => {
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe('validation_failed');
      expect(response.json.error.details?.fields?.map((entry) => entry.field)).toContain(field);
    };

    it.each(PRIVATE_URLS)('refuses %s everywhere wabus would call or hand out a URL', async (url) => {
      refusedWithField(await gateway.api('POST', '/v1/subscriptions', { url, events: ['message.received'] }), 'url');
      refusedWithField(await gateway.api('POST', '/v1/approvals', { channelId, to: '+4917612345678', reference: `order-${randomUUID()}`, title: 'Approve order?', callbackUrl: url }), 'callbackUrl');
      const webhook = await gateway.api('POST', '/v1/button-actions', { name: 'hook', buttonId: 'b1', type: 'webhook', config: { url } });
      expect(webhook.status).toBe(400);
      expect(webhook.text).toContain('url');
      const ticket = await gateway.api('POST', '/v1/button-actions', { name: 'ticket', buttonId: 'b2', type: 'create_ticket', config: { subject: 'help', forwardUrl: url } });
      expect(ticket.status).toBe(400);
      expect(ticket.text).toContain('forwardUrl');
      refusedWithField(await gateway.api('POST', '/v1/messages', { channelId, to: '+4917612345678', type: 'image', image: { link: url } }), 'image.link');
      refusedWithField(
        await gateway.api('POST', '/v1/messages', {
          channelId,
          to: '+4917612345678',
          type: 'interactive',
          interactive: { type: 'button', header: { type: 'document', document: { link: url } }, body: { text: 'Invoice' }, action: { buttons: [{ type: 'reply', reply: { id: 'ok', title: 'OK' } }] } },
        }),
        'interactive.header.document.link',
      );
      refusedWithField(await gateway.api('PATCH', `/v1/channels/${channelId}`, { graphBaseUrl: url.replace(/\/[^/]*\/?$/, '') || url }), 'graphBaseUrl');
    });

    it('accepts the same kinds of URLs when they are public', async () => {
      expect((await gateway.api('POST', '/v1/subscriptions', { url: 'https://hooks.example.com/wabus', events: ['message.received'] })).status).toBe(201);
      expect((await gateway.api('POST', '/v1/messages', { channelId, to: '+4917612345678', type: 'image', image: { link: 'https://cdn.example.com/a.jpg' } })).status).toBe(202);
      expect((await gateway.api('PATCH', `/v1/channels/${channelId}`, { graphBaseUrl: 'https://graph.facebook.com' })).status).toBe(200);
    });
  });

  describe('POST /v1/messages under fuzzing', () => {
    const valid = () => ({ channelId, to: '+4917612345678', type: 'text', text: { body: 'hello' }, idempotencyKey: randomUUID() });
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.tuple(fc.array(fc.nat(10), { minLength: 1, maxLength: 4 }), fc.jsonValue({ maxDepth: 3 })).map(([where, value]) => mutateJson(valid(), where, value)),
      fc.constantFrom('image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction', 'mark_as_read', 'nope').map((type) => ({ ...valid(), type })),
    );

    it('answers every arbitrary or mutated body with 202 or a 4xx carrying a code and a sentence, never 5xx', async () => {
      const samples = fc.sample(body, { numRuns: 150, seed: 4_242 });
      const failures: string[] = [];
      for (const sample of samples) {
        const response = await gateway.api('POST', '/v1/messages', JSON.stringify(sample));
        const ok = response.status === 202 || response.status === 200;
        const clear = response.status >= 400 && response.status < 500 && typeof response.json?.error?.code === 'string' && /\w+ \w+/.test(response.json?.error?.message ?? '');
        if (!ok && !clear) failures.push(`${JSON.stringify(sample).slice(0, 200)} → ${response.status} ${response.text.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
    });
  });
});
