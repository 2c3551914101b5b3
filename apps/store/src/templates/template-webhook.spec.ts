import { normalizeTemplateLanguage, templateRowChange } from './template-webhook.service';

describe('template webhooks', () => {
  it.each([
    ['en-US', 'en_US'],
    ['en_US', 'en_US'],
    ['pt-BR', 'pt_BR'],
    ['de', 'de'],
  ])('writes language %s as %s', (input, output) => {
    expect(normalizeTemplateLanguage(input)).toBe(output);
  });

  it('turns a status update into the row change, the numeric template id into text', () => {
    const value = { event: 'REJECTED', message_template_id: 1689556908129832, message_template_name: 'order_confirmation', message_template_language: 'en-US', reason: 'INVALID_FORMAT' };
    expect(templateRowChange('waba', 'message_template_status_update', value)).toEqual({
      wabaId: 'waba',
      name: 'order_confirmation',
      language: 'en_US',
      metaId: '1689556908129832',
      status: 'REJECTED',
      reason: 'INVALID_FORMAT',
      deleted: false,
    });
  });

  it('reads REINSTATED as approved again, and DELETED as deleted', () => {
    const base = { message_template_id: 1, message_template_name: 't', message_template_language: 'en' };
    expect(templateRowChange('w', 'message_template_status_update', { ...base, event: 'REINSTATED' })).toMatchObject({ status: 'APPROVED', deleted: false });
    expect(templateRowChange('w', 'message_template_status_update', { ...base, event: 'DELETED' })).toMatchObject({ status: 'DELETED', deleted: true });
  });

  it('turns a category update into the new category', () => {
    const value = { message_template_id: 2, message_template_name: 'welcome', message_template_language: 'en-US', previous_category: 'UTILITY', new_category: 'MARKETING' };
    expect(templateRowChange('w', 'template_category_update', value)).toEqual({ wabaId: 'w', name: 'welcome', language: 'en_US', metaId: '2', category: 'MARKETING' });
  });

  it.each([
    ['message_template_quality_update', { message_template_name: 't', new_quality_score: 'RED' }],
    ['message_template_status_update', { message_template_name: 't' }],
    ['message_template_status_update', 'not an object'],
    ['template_category_update', { new_category: 'MARKETING' }],
  ])('changes no row for %s %j (the sync still runs)', (field, value) => {
    expect(templateRowChange('w', field, value)).toBeNull();
  });
});
