import {
  bearer,
  Emulator,
  Json,
  metaError,
  NumberFixture,
  registerNumber,
  startEmulator,
  startWebhookSink,
  waitFor,
  WebhookSink,
  webhooksSettled,
} from './emulator-harness';

describe('template management (GET/POST/DELETE /:version/:wabaId/message_templates)', () => {
  let emulator: Emulator;
  let sink: WebhookSink;
  let number: NumberFixture;

  const graph = (method: string, path: string, body?: unknown, token = number.accessToken) => emulator.request(method, path, body, bearer(token));
  const templatesPath = () => `/v21.0/${number.wabaId}/message_templates`;

  beforeAll(async () => {
    emulator = await startEmulator();
    sink = await startWebhookSink();
    number = await registerNumber(emulator, sink, { templateApprovalDelayMs: 20 });
    const templates = Array.from({ length: 60 }, (_, i) => ({
      name: `bulk_${String(i).padStart(2, '0')}`,
      language: i % 2 === 0 ? 'en_US' : 'pt_BR',
      category: i % 3 === 0 ? 'MARKETING' : 'UTILITY',
      status: i % 10 === 9 ? 'REJECTED' : undefined,
      components: [{ type: 'BODY', text: `Message number {{1}} of ${i}` }],
    }));
    const seeded = await emulator.request('POST', '/_emulator/templates', { wabaId: number.wabaId, templates });
    expect(seeded.status).toBe(201);
    expect(seeded.json.data).toHaveLength(60);
    expect(seeded.json.data[0]).toEqual({
      id: expect.stringMatching(/^\d{16}$/),
      name: 'bulk_00',
      language: 'en_US',
      status: 'APPROVED',
      category: 'MARKETING',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Message number {{1}} of 0' }],
    });
  });

  afterAll(async () => {
    await webhooksSettled(emulator);
    await emulator.close();
    await sink.close();
  });

  it('pages through many templates by following `next` verbatim, 25 per page by default', async () => {
    const names: string[] = [];
    let url: string | undefined = `${emulator.url}${templatesPath()}`;
    let pages = 0;
    while (url) {
      const response = await fetch(url, { headers: bearer(number.accessToken) });
      const page = (await response.json()) as Json;
      expect(response.status).toBe(200);
      pages++;
      names.push(...page.data.map((template: Json) => template.name));
      expect(page.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
      if (pages === 1) {
        expect(page.data).toHaveLength(25);
        expect(Object.keys(page.data[0])).toEqual(['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id']);
        expect(page.paging.previous).toBeUndefined();
      } else {
        expect(page.paging.previous).toEqual(expect.stringContaining('before='));
      }
      url = page.paging.next;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 60 }, (_, i) => `bulk_${String(i).padStart(2, '0')}`));
  });

  it('honours limit, fields and filters, with `after` cursors', async () => {
    const first = await graph('GET', `${templatesPath()}?limit=4&fields=name,status&status=APPROVED&language=en_US&category=UTILITY`);
    expect(first.json.data).toEqual([
      { name: 'bulk_02', status: 'APPROVED', id: expect.any(String) },
      { name: 'bulk_04', status: 'APPROVED', id: expect.any(String) },
      { name: 'bulk_08', status: 'APPROVED', id: expect.any(String) },
      { name: 'bulk_10', status: 'APPROVED', id: expect.any(String) },
    ]);
    const second = await graph(
      'GET',
      `${templatesPath()}?limit=4&fields=name,status&status=APPROVED&language=en_US&category=UTILITY&after=${first.json.paging.cursors.after}`,
    );
    expect(second.json.data.map((template: Json) => template.name)).toEqual(['bulk_14', 'bulk_16', 'bulk_20', 'bulk_22']);
    const rejected = await graph('GET', `${templatesPath()}?status=REJECTED&fields=name`);
    expect(rejected.json.data).toHaveLength(6);
    expect(rejected.json.paging.next).toBeUndefined();
    const byName = await graph('GET', `${templatesPath()}?name=bulk_5`);
    expect(byName.json.data.map((template: Json) => template.name)).toEqual([
      'bulk_50',
      'bulk_51',
      'bulk_52',
      'bulk_53',
      'bulk_54',
      'bulk_55',
      'bulk_56',
      'bulk_57',
      'bulk_58',
      'bulk_59',
    ]);
    const none = await graph('GET', `${templatesPath()}?name=nothing_like_this`);
    expect(none.json).toEqual({ data: [] });
  });

  it('refuses a bad limit or cursor with code 100', async () => {
    const response = await graph('GET', `${templatesPath()}?limit=zero`);
    expect(response.status).toBe(400);
    expect(response.json).toEqual(
      metaError({ code: 100, message: '(#100) Invalid parameter', details: "Param limit must be a positive integer, received 'zero'." }),
    );
  });

  it('creates a template as PENDING, then approves it with a status webhook', async () => {
    const created = await graph('POST', templatesPath(), {
      name: 'order_shipped',
      language: 'en_US',
      category: 'utility',
      components: [{ type: 'BODY', text: 'Your order {{1}} has shipped.', example: { body_text: [['#42']] } }],
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ id: expect.stringMatching(/^\d{16}$/), status: 'PENDING', category: 'UTILITY' });
    await waitFor(() => sink.received.some((hook) => hook.text.includes('order_shipped')), 5000, 'approval webhook');
    const value = sink.received.find((hook) => hook.text.includes('order_shipped'))?.json.entry[0].changes[0].value;
    expect(value).toEqual({
      event: 'APPROVED',
      message_template_id: Number(created.json.id),
      message_template_name: 'order_shipped',
      message_template_language: 'en_US',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    });
    const one = await graph('GET', `/v21.0/${created.json.id}?fields=name,status`);
    expect(one.json).toEqual({ id: created.json.id, name: 'order_shipped', status: 'APPROVED' });
  });

  const userFacing = (subcode: number) => ({
    message: '(#100) Invalid parameter',
    error_subcode: subcode,
    is_transient: false,
    error_user_title: expect.any(String),
    error_user_msg: expect.any(String),
  });
  it.each<[string, Json, Json]>([
    [
      'a name with capitals',
      { name: 'Bad Name', language: 'en', category: 'UTILITY', components: [{ type: 'BODY', text: 'x' }] },
      {
        message: '(#100) Invalid parameter',
        error_data: { messaging_product: 'whatsapp', details: expect.stringContaining('lowercase letters, digits and underscores') },
      },
    ],
    [
      'no category',
      { name: 'x', language: 'en', components: [] },
      { message: '(#100) The parameter category is required.', error_data: { messaging_product: 'whatsapp', details: 'The parameter category is required.' } },
    ],
    ['no body', { name: 'x', language: 'en', category: 'MARKETING', components: [{ type: 'FOOTER', text: 'f' }] }, userFacing(2388072)],
    [
      'a variable at the end of the body',
      { name: 'x', language: 'en', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hello {{1}}' }] },
      userFacing(2388299),
    ],
    [
      'a body over 1024 characters',
      { name: 'x', language: 'en', category: 'MARKETING', components: [{ type: 'BODY', text: 'x'.repeat(1025) }] },
      userFacing(2388040),
    ],
    [
      'an existing name and language',
      { name: 'bulk_00', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'x' }] },
      userFacing(2388023),
    ],
  ])('refuses to create a template with %s', async (_name, body, expected) => {
    const response = await graph('POST', templatesPath(), body);
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 100, type: 'OAuthException', fbtrace_id: expect.any(String), ...expected });
  });

  it('deletes every language of a name, or one by hsm_id', async () => {
    await emulator.request('POST', '/_emulator/templates', {
      wabaId: number.wabaId,
      templates: ['en', 'fr', 'de'].map((language) => ({ name: 'to_delete', language, category: 'UTILITY', components: [{ type: 'BODY', text: 'bye' }] })),
    });
    const listed = await graph('GET', `${templatesPath()}?name=to_delete&fields=name,language`);
    const french = listed.json.data.find((template: Json) => template.language === 'fr');
    const one = await graph('DELETE', `${templatesPath()}?name=to_delete&hsm_id=${french.id}`);
    expect(one.json).toEqual({ success: true });
    expect((await graph('GET', `${templatesPath()}?name=to_delete&fields=language`)).json.data.map((template: Json) => template.language)).toEqual([
      'en',
      'de',
    ]);
    expect((await graph('DELETE', `${templatesPath()}?name=to_delete`)).json).toEqual({ success: true });
    expect((await graph('GET', `${templatesPath()}?name=to_delete`)).json).toEqual({ data: [] });
    const missing = await graph('DELETE', `${templatesPath()}?name=to_delete`);
    expect(missing.json).toEqual(metaError({ code: 100, message: '(#100) Invalid parameter', details: "Message template 'to_delete' was not found." }));
    const noName = await graph('DELETE', templatesPath());
    expect(noName.json).toEqual(metaError({ code: 100, message: '(#100) The parameter name is required.', details: 'The parameter name is required.' }));
  });

  it('will not delete a DISABLED template', async () => {
    await emulator.request('POST', '/_emulator/templates', {
      wabaId: number.wabaId,
      templates: [{ name: 'gone_bad', language: 'en', category: 'MARKETING', status: 'DISABLED', components: [] }],
    });
    const response = await graph('DELETE', `${templatesPath()}?name=gone_bad`);
    expect(response.json).toEqual(metaError({ code: 100, message: '(#100) Invalid parameter', details: 'DISABLED templates cannot be deleted.' }));
  });

  it('edits the components of an approved template', async () => {
    const listed = await graph('GET', `${templatesPath()}?name=bulk_01&fields=name`);
    const id = listed.json.data[0].id;
    const edited = await graph('POST', `/v21.0/${id}`, { components: [{ type: 'BODY', text: 'New text {{1}} here' }] });
    expect(edited.json).toEqual({ success: true });
    expect((await graph('GET', `/v21.0/${id}?fields=components`)).json.components).toEqual([{ type: 'BODY', text: 'New text {{1}} here' }]);
  });

  it('refuses a token of another WABA (100/33) and an unknown token (190)', async () => {
    const stranger = await registerNumber(emulator, sink);
    const foreign = await graph('GET', templatesPath(), undefined, stranger.accessToken);
    expect(foreign.status).toBe(400);
    expect(foreign.json).toEqual(
      metaError({
        code: 100,
        type: 'GraphMethodException',
        subcode: 33,
        message: expect.stringContaining(`Unsupported get request. Object with ID '${number.wabaId}'`),
      }),
    );
    const unknown = await graph('GET', templatesPath(), undefined, 'nope');
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(metaError({ code: 190, message: '(#190) Invalid OAuth access token - Cannot parse access token' }));
  });
});
