import { MetaRejection } from '../errors/meta-rejection';
import { TemplateDefinition } from '../validation/template-definition';
import { encodeCursor, listTemplatePage } from './template-listing';

function template(index: number, overrides: Partial<TemplateDefinition> = {}): TemplateDefinition {
  return {
    id: String(1_000_000_000_000_000 + index),
    name: `template_${String(index).padStart(3, '0')}`,
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text: `Body ${index}` }],
    ...overrides,
  };
}

const BASE = 'http://127.0.0.1:4010/v21.0/1/message_templates';
const all = Array.from({ length: 60 }, (_, i) => template(i));

describe('listTemplatePage', () => {
  it('answers 25 by default with the default fields, cursors and next', () => {
    const page = listTemplatePage(all, {}, BASE);
    expect(page.data).toHaveLength(25);
    expect(Object.keys(page.data[0])).toEqual(['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id']);
    expect(page.paging?.cursors).toEqual({
      before: encodeCursor(0),
      after: encodeCursor(24),
    });
    expect(page.paging?.next).toBe(`${BASE}?limit=25&after=${encodeCursor(24)}`);
    expect(page.paging?.previous).toBeUndefined();
  });

  it('walks every template exactly once by following after cursors', () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = listTemplatePage(all, { limit: '7', ...(after ? { after } : {}) }, BASE);
      pages++;
      seen.push(...page.data.map((item) => item['name'] as string));
      if (!page.paging?.next) break;
      after = page.paging.cursors.after;
    }
    expect(pages).toBe(9);
    expect(seen).toEqual(all.map((item) => item.name));
  });

  it('has no next on the last page, and a previous link', () => {
    const page = listTemplatePage(all, { limit: '25', after: encodeCursor(49) }, BASE);
    expect(page.data).toHaveLength(10);
    expect(page.paging?.next).toBeUndefined();
    expect(page.paging?.previous).toBe(`${BASE}?limit=25&before=${encodeCursor(50)}`);
  });

  it('goes back with a before cursor', () => {
    const page = listTemplatePage(all, { limit: '10', before: encodeCursor(30) }, BASE);
    expect(page.data.map((item) => item['name'])).toEqual(all.slice(20, 30).map((item) => item.name));
  });

  it('answers an empty page without paging', () => {
    expect(listTemplatePage([], {}, BASE)).toEqual({ data: [] });
  });

  it('projects the requested fields and always includes id', () => {
    const page = listTemplatePage(all, { fields: 'name,status', limit: '1' }, BASE);
    expect(page.data[0]).toEqual({
      name: 'template_000',
      status: 'APPROVED',
      id: all[0].id,
    });
  });

  it.each([
    ['status', { status: 'PAUSED' }, ['template_001']],
    ['several statuses', { status: 'paused,rejected' }, ['template_001', 'template_002']],
    ['category', { category: 'MARKETING' }, ['template_003']],
    ['language', { language: 'pt_BR' }, ['template_004']],
    ['name substring', { name: 'PLATE_00' }, ['template_000', 'template_001', 'template_002', 'template_003', 'template_004']],
    ['name or content', { name_or_content: 'body 3' }, ['template_003']],
  ])('filters by %s', (_name, query, expected) => {
    const few = [
      template(0),
      template(1, { status: 'PAUSED' }),
      template(2, { status: 'REJECTED' }),
      template(3, { category: 'MARKETING' }),
      template(4, { language: 'pt_BR' }),
    ];
    expect(listTemplatePage(few, query, BASE).data.map((item) => item['name'])).toEqual(expected);
  });

  it('keeps the filters in the next link', () => {
    const page = listTemplatePage(all, { status: 'APPROVED', fields: 'name', limit: '5' }, BASE);
    expect(page.paging?.next).toBe(`${BASE}?status=APPROVED&fields=name&limit=5&after=${encodeCursor(4)}`);
  });

  it.each([
    ['limit', { limit: 'abc' }],
    ['limit', { limit: '0' }],
    ['cursor', { after: 'garbage' }],
  ])('refuses a bad %s with code 100', (_name, query) => {
    expect(() => listTemplatePage(all, query, BASE)).toThrow(MetaRejection);
  });
});
