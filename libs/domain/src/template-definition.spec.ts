import { parseTemplateComponents, templateParameterFormat, templatePlaceholders } from './template-definition';
import { readTemplateListingPage, templateRecordFromGraph } from './template-record';

// The example of whatsapp-cloud-api.md §5.1.
const COUPON = [
  { type: 'HEADER', format: 'TEXT', text: 'Act fast, {{1}}!', example: { header_text: ['Pablo'] } },
  { type: 'BODY', text: 'Your code {{1}} expires in {{2}} days.', example: { body_text: [['SUMMER20', '10']] } },
  { type: 'FOOTER', text: 'Lucky Shrub' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'URL', text: 'See deals', url: 'https://example.com/deals/{{1}}', example: ['https://example.com/deals/summer'] },
      { type: 'QUICK_REPLY', text: 'Unsubscribe' },
      { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+16467043595' },
      { type: 'COPY_CODE', example: 'SUMMER20' },
      { type: 'FLOW', text: 'Book', flow_id: 12345 },
    ],
  },
];

describe('templatePlaceholders', () => {
  it.each([
    ['no variables', 'Hello there', []],
    ['positional, in order of first use', 'Order {{2}} for {{1}}, again {{2}}', ['2', '1']],
    ['named, with spaces inside the braces', 'Hi {{ first_name }}, order {{order_id}}', ['first_name', 'order_id']],
    ['not a variable: uppercase or empty', 'Hi {{Name}} {{}}', []],
    ['nothing at all', undefined, []],
  ])('%s', (_, text, expected) => {
    expect(templatePlaceholders(text)).toEqual(expected);
  });
});

describe('templateParameterFormat', () => {
  it.each([
    ['numbered variables', [{ type: 'BODY', text: 'Hi {{1}}' }], undefined, 'POSITIONAL'],
    ['named variables', [{ type: 'BODY', text: 'Hi {{name}}' }], undefined, 'NAMED'],
    ["Meta's declared format wins", [{ type: 'BODY', text: 'Hi {{1}}' }], 'NAMED', 'NAMED'],
    ['no components', undefined, null, 'POSITIONAL'],
  ])('%s', (_, components, declared, expected) => {
    expect(templateParameterFormat(components, declared)).toBe(expected);
  });
});

describe('parseTemplateComponents', () => {
  it('reads header, body with its count and examples, footer, and every kind of button', () => {
    const parsed = parseTemplateComponents(COUPON, 'POSITIONAL');
    expect(parsed.header).toEqual({ format: 'TEXT', text: 'Act fast, {{1}}!', placeholders: ['1'], example: ['Pablo'] });
    expect(parsed.body).toEqual({ text: 'Your code {{1}} expires in {{2}} days.', placeholders: ['1', '2'], parameterCount: 2, example: ['SUMMER20', '10'] });
    expect(parsed.footer).toEqual({ text: 'Lucky Shrub' });
    expect(parsed.buttons.map(({ index, type, requiresParameter, sendSubType }) => ({ index, type, requiresParameter, sendSubType }))).toEqual([
      { index: 0, type: 'URL', requiresParameter: true, sendSubType: 'url' },
      { index: 1, type: 'QUICK_REPLY', requiresParameter: false, sendSubType: 'quick_reply' },
      { index: 2, type: 'PHONE_NUMBER', requiresParameter: false, sendSubType: null },
      { index: 3, type: 'COPY_CODE', requiresParameter: true, sendSubType: 'copy_code' },
      { index: 4, type: 'FLOW', requiresParameter: false, sendSubType: 'flow' },
    ]);
    expect(parsed.buttons[0]).toMatchObject({ url: 'https://example.com/deals/{{1}}', placeholders: ['1'], example: ['https://example.com/deals/summer'] });
    expect(parsed.buttons[2].phoneNumber).toBe('+16467043595');
    expect(parsed.buttons[3].example).toEqual(['SUMMER20']);
    expect(parsed.buttons[4].flowId).toBe('12345');
  });

  it('reads named examples in placeholder order and media headers with their handle', () => {
    const parsed = parseTemplateComponents([
      { type: 'HEADER', format: 'image', example: { header_handle: ['4::aW1hZ2U='] } },
      { type: 'BODY', text: 'Hi {{first_name}}, order {{order_id}} shipped.', example: { body_text_named_params: [{ param_name: 'order_id', example: '42' }, { param_name: 'first_name', example: 'Ada' }] } },
    ]);
    expect(parsed.parameterFormat).toBe('NAMED');
    expect(parsed.header).toEqual({ format: 'IMAGE', text: null, placeholders: [], example: ['4::aW1hZ2U='] });
    expect(parsed.body?.example).toEqual(['Ada', '42']);
    expect(parsed.footer).toBeNull();
    expect(parsed.buttons).toEqual([]);
  });

  it('a URL button without a variable needs no parameter; unknown components are named, not dropped silently', () => {
    const parsed = parseTemplateComponents([{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Site', url: 'https://example.com' }] }, { type: 'CAROUSEL', cards: [] }]);
    expect(parsed.buttons[0]).toMatchObject({ requiresParameter: false, placeholders: [] });
    expect(parsed.otherComponents).toEqual(['CAROUSEL']);
  });

  it.each([
    ['not a list', 'nonsense'],
    ['a list of junk', [null, 3, 'x', { type: 'BUTTONS', buttons: 'no' }]],
  ])('never throws on a malformed definition: %s', (_, components) => {
    expect(parseTemplateComponents(components)).toMatchObject({ header: null, body: null, footer: null, buttons: [] });
  });
});

describe('templateRecordFromGraph', () => {
  it('maps a listed template, normalising language, quality and the NONE reason', () => {
    expect(
      templateRecordFromGraph({
        id: '1304694804498707',
        name: 'coupon',
        language: 'en-US',
        status: 'approved',
        category: 'MARKETING',
        components: COUPON,
        quality_score: { score: 'GREEN', date: 1700000000 },
        rejected_reason: 'NONE',
      }),
    ).toEqual({
      metaId: '1304694804498707',
      name: 'coupon',
      language: 'en_US',
      status: 'APPROVED',
      category: 'MARKETING',
      parameterFormat: 'POSITIONAL',
      components: COUPON,
      qualityScore: 'GREEN',
      rejectedReason: null,
    });
  });

  it('keeps a real rejection reason and a numeric id as a string', () => {
    expect(templateRecordFromGraph({ id: 42, name: 'x', language: 'pt_BR', status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' })).toMatchObject({
      metaId: '42',
      rejectedReason: 'INVALID_FORMAT',
      components: [],
      category: null,
    });
  });

  it.each([[null], [{ name: 'x' }], [{ language: 'en' }], [{ name: ' ', language: 'en' }]])('refuses an item without name and language: %j', (item) => {
    expect(templateRecordFromGraph(item)).toBeNull();
  });
});

describe('readTemplateListingPage', () => {
  it('gives the after cursor only when paging.next says more follows', () => {
    const more = readTemplateListingPage({ data: [{ name: 'a', language: 'en' }, { bogus: true }], paging: { cursors: { before: 'B', after: 'A' }, next: 'https://graph/x?after=A' } });
    expect(more).toMatchObject({ nextCursor: 'A', skipped: 1 });
    expect(more.records.map((record) => record.name)).toEqual(['a']);
    expect(readTemplateListingPage({ data: [{ name: 'a', language: 'en' }], paging: { cursors: { before: 'B', after: 'A' } } }).nextCursor).toBeNull();
    expect(readTemplateListingPage({ data: [] })).toEqual({ records: [], skipped: 0, nextCursor: null });
  });

  it("reads the cursor from paging.next when Meta's cursors are missing", () => {
    expect(readTemplateListingPage({ data: [], paging: { next: 'https://graph.facebook.com/v23.0/1/message_templates?limit=25&after=QVFI' } }).nextCursor).toBe('QVFI');
  });
});
