import type { TemplatePayload } from '@wabus/domain';
import { SyncedTemplate, templatePlaceholders, templateProblem } from './template-parameters';

const orderUpdate: SyncedTemplate = {
  name: 'order_update',
  language: 'en_US',
  status: 'APPROVED',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'IMAGE' },
    { type: 'BODY', text: 'Hi {{1}}, order {{2}} is {{3}}.' },
    { type: 'FOOTER', text: 'Lucky Shrub' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Approve' },
        { type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}' },
      ],
    },
  ],
};

const named: SyncedTemplate = {
  name: 'welcome',
  language: 'en',
  status: 'APPROVED',
  parameterFormat: 'NAMED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Welcome {{first_name}}' },
    { type: 'BODY', text: 'Your code is {{code}}, {{first_name}}.' },
  ],
};

const text = (value: string, parameter_name?: string) => ({ type: 'text' as const, text: value, ...(parameter_name ? { parameter_name } : {}) });

const good: TemplatePayload = {
  name: 'order_update',
  language: { code: 'en_US' },
  components: [
    { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }] },
    { type: 'body', parameters: [text('Pablo'), text('#42'), text('shipped')] },
    { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'APPROVE:42' }] },
    { type: 'button', sub_type: 'url', index: '1', parameters: [text('42')] },
  ],
};

function withComponents(components: unknown[]): TemplatePayload {
  return { ...good, components: components as TemplatePayload['components'] };
}

describe('templatePlaceholders', () => {
  it.each([
    ['Hi {{1}}, order {{2}} is {{1}}.', ['1', '2']],
    ['Hello {{ first_name }} and {{code}}', ['first_name', 'code']],
    ['No variables', []],
    [undefined, []],
  ])('%p has %p', (input, expected) => {
    expect(templatePlaceholders(input)).toEqual(expected);
  });
});

describe('templateProblem', () => {
  it('accepts a send that fits the definition', () => {
    expect(templateProblem(orderUpdate, good)).toBeNull();
  });

  it.each<[string, SyncedTemplate, TemplatePayload, string]>([
    ['a paused template', { ...orderUpdate, status: 'PAUSED' }, good, 'Template order_update (en_US) is PAUSED at Meta, and only APPROVED templates can be sent'],
    ['a deleted template', { ...orderUpdate, deletedAt: new Date() }, good, 'Template order_update (en_US) was deleted at Meta'],
    [
      'too few body parameters',
      orderUpdate,
      withComponents([good.components?.[0], { type: 'body', parameters: [text('Pablo')] }, good.components?.[3]]),
      'Template order_update (en_US) expects 3 body parameters ({{1}}, {{2}}, {{3}}), but the message gives 1.',
    ],
    [
      'a media header without its parameter',
      orderUpdate,
      withComponents(good.components?.slice(1) ?? []),
      'Template order_update (en_US) has an image header, which needs exactly 1 header parameter (the image), but the message gives 0.',
    ],
    [
      'a media header of the wrong kind',
      orderUpdate,
      withComponents([{ type: 'header', parameters: [{ type: 'video', video: { id: '1' } }] }, ...(good.components?.slice(1) ?? [])]),
      "Template order_update (en_US) has an image header, but the message's header parameter is a video.",
    ],
    [
      'a dynamic URL button without its parameter',
      orderUpdate,
      withComponents(good.components?.slice(0, 3) ?? []),
      "Template order_update (en_US)'s url button at index 1 needs 1 parameter, but the message gives 0.",
    ],
    [
      'a button index the template does not have',
      orderUpdate,
      withComponents([...(good.components ?? []), { type: 'button', sub_type: 'quick_reply', index: '5', parameters: [] }]),
      'Template order_update (en_US) has 2 buttons, but the message gives parameters for a button at index 5.',
    ],
    [
      'parameters for a template without variables',
      { ...orderUpdate, components: [{ type: 'BODY', text: 'Thanks!' }] },
      withComponents([{ type: 'body', parameters: [text('x')] }]),
      'Template order_update (en_US) expects 0 body parameters, but the message gives 1.',
    ],
    [
      'a named template without parameter names',
      named,
      { name: 'welcome', language: { code: 'en' }, components: [{ type: 'header', parameters: [text('Ann', 'first_name')] }, { type: 'body', parameters: [text('1234'), text('Ann')] }] },
      'Template welcome (en) uses named parameters; the body needs "code", "first_name" (each parameter needs a parameter_name).',
    ],
  ])('refuses %s, saying what is wrong', (_case, definition, sent, problem) => {
    expect(templateProblem(definition, sent)).toContain(problem);
  });

  it('accepts named parameters in any order', () => {
    const sent: TemplatePayload = {
      name: 'welcome',
      language: { code: 'en' },
      components: [
        { type: 'header', parameters: [text('Ann', 'first_name')] },
        { type: 'body', parameters: [text('Ann', 'first_name'), text('1234', 'code')] },
      ],
    };
    expect(templateProblem(named, sent)).toBeNull();
  });
});
