import { templateCreationProblems, type TemplateCreationInput } from './template-creation';

const valid = (): TemplateCreationInput => ({
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#42'] } },
    { type: 'BODY', text: 'Hi {{1}}, order {{2}} shipped.', example: { body_text: [['Ada', '#42']] } },
    { type: 'FOOTER', text: 'Shop' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.test/t/{{1}}', example: ['https://shop.test/t/a'] }, { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+15550001111' }] },
  ],
});

const withComponent = (index: number, component: Record<string, unknown>): TemplateCreationInput => {
  const input = valid();
  (input.components as unknown[])[index] = component;
  return input;
};

describe('templateCreationProblems', () => {
  it('accepts a well-formed template, positional or named', () => {
    expect(templateCreationProblems(valid())).toEqual([]);
    expect(
      templateCreationProblems({ name: 'hi', language: 'pt_BR', category: 'marketing', parameterFormat: 'NAMED', components: [{ type: 'BODY', text: 'Oi {{nome}}!', example: { body_text_named_params: [{ param_name: 'nome', example: 'Ana' }] } }] }),
    ).toEqual([]);
  });

  it.each([
    ['a name with capitals', { ...valid(), name: 'Order Update' }, 'name', /lowercase/],
    ['a made-up language', { ...valid(), language: 'english' }, 'language', /locale code/],
    ['an unknown category', { ...valid(), category: 'SPAM' }, 'category', /MARKETING, UTILITY, AUTHENTICATION/],
    ['components that are not a list', { ...valid(), components: 'x' }, 'components', /list of component objects/],
    ['no body', { ...valid(), components: [{ type: 'FOOTER', text: 'x' }] }, 'components', /needs a BODY/],
    ['a body over 1024 characters', withComponent(1, { type: 'BODY', text: `a ${'x'.repeat(1030)}` }), 'components.1.text', /at most 1024/],
    ['a body ending with a variable', withComponent(1, { type: 'BODY', text: 'Hello {{1}}', example: {} }), 'components.1.text', /start or end with a variable/],
    ['numbered variables with a gap', withComponent(1, { type: 'BODY', text: 'Hi {{1}} and {{3}} ok', example: {} }), 'components.1.text', /without gaps/],
    ['named variables in a positional template', withComponent(1, { type: 'BODY', text: 'Hi {{name}} ok', example: {} }), 'components.1.text', /set parameterFormat to NAMED/],
    ['variables without examples', withComponent(1, { type: 'BODY', text: 'Hi {{1}} ok' }), 'components.1.example', /example values/],
    ['a footer with a variable', withComponent(2, { type: 'FOOTER', text: 'Bye {{1}}' }), 'components.2.text', /footer cannot contain variables/],
    ['a header with two variables', withComponent(0, { type: 'HEADER', format: 'TEXT', text: '{{1}} {{2}}', example: {} }), 'components.0.text', /at most one variable/],
    ['a URL with a variable in the middle', withComponent(3, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Go', url: 'https://x.test/{{1}}/y', example: ['https://x.test/a/y'] }] }), 'components.3.buttons.0.url', /only end with one variable/],
    ['eleven buttons', withComponent(3, { type: 'BUTTONS', buttons: Array.from({ length: 11 }, () => ({ type: 'QUICK_REPLY', text: 'x' })) }), 'components.3.buttons', /at most 10/],
    ['a phone button without a number', withComponent(3, { type: 'BUTTONS', buttons: [{ type: 'PHONE_NUMBER', text: 'Call' }] }), 'components.3.buttons.0.phone_number', /country code/],
    ['an unknown component type', withComponent(2, { type: 'SIDEBAR' }), 'components.2.type', /HEADER, BODY, FOOTER or BUTTONS/],
  ])('refuses %s, naming the field', (_, input, field, problem) => {
    const problems = templateCreationProblems(input as TemplateCreationInput);
    expect(problems).toContainEqual({ field, problem: expect.stringMatching(problem) });
  });

  it('reports every problem at once', () => {
    expect(templateCreationProblems({ name: 'X', language: 'x', category: 'Y', components: [] }).map((problem) => problem.field)).toEqual(['name', 'language', 'category', 'components']);
  });
});
