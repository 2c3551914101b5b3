import { inputKey, ParsedTemplateFields, templateValues, templateVariables } from './template-variables';

const positional: ParsedTemplateFields = {
  parameterFormat: 'POSITIONAL',
  header: { format: 'TEXT', placeholders: ['1'], example: ['#42'] },
  body: { text: 'Hi {{2}}, order {{1}} is ready', placeholders: ['2', '1'], example: ['Ada', '#42'] },
  buttons: [
    { index: 0, type: 'QUICK_REPLY', text: 'Thanks', placeholders: [], requiresParameter: false, example: null },
    { index: 1, type: 'URL', text: 'Track', placeholders: ['1'], requiresParameter: true, example: ['https://x.test/track/42'] },
  ],
};

describe('console: template variables', () => {
  it('asks for the text header, each body variable and the buttons that take a parameter', () => {
    expect(templateVariables(positional).map((variable) => [inputKey(variable), variable.example])).toEqual([
      ['header:1', '#42'],
      ['body:2', 'Ada'],
      ['body:1', '#42'],
      ['button:1', 'https://x.test/track/42'],
    ]);
  });

  it('sends positional values as a list in {{n}} order, whatever order they appear in', () => {
    const variables = templateVariables(positional);
    expect(templateValues(positional, variables, { 'header:1': 'H', 'body:1': 'first', 'body:2': 'second', 'button:1': 'abc' })).toEqual({
      header: ['H'],
      body: ['first', 'second'],
      buttons: { '1': 'abc' },
    });
  });

  it('sends named values by name, empty where nothing was typed', () => {
    const named: ParsedTemplateFields = { parameterFormat: 'NAMED', header: { format: 'IMAGE', placeholders: [], example: null }, body: { text: '{{first_name}} {{order}}', placeholders: ['first_name', 'order'], example: null }, buttons: [] };
    const variables = templateVariables(named);
    expect(variables.map((variable) => variable.label)).toEqual(['Body {{first_name}}', 'Body {{order}}']);
    expect(templateValues(named, variables, { 'body:first_name': 'Ada' })).toEqual({ header: undefined, body: { first_name: 'Ada', order: '' } });
  });
});
