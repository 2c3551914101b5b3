import { parseTemplateComponents } from './template-definition';
import { exampleFill, renderTemplate, templateComponentsFromFill, templateFillFromComponents } from './template-render';

const ORDER = parseTemplateComponents([
  { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#42'] } },
  { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships {{3}}.', example: { body_text: [['Ada', '#42', 'today']] } },
  { type: 'FOOTER', text: 'Reply STOP to opt out' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'URL', text: 'Track', url: 'https://shop.test/track/{{1}}', example: ['https://shop.test/track/abc'] },
      { type: 'QUICK_REPLY', text: 'Stop' },
      { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+15550001111' },
    ],
  },
]);

describe('renderTemplate', () => {
  it('fills positional values per component and the URL suffix', () => {
    const rendered = renderTemplate(ORDER, { header: ['#7'], body: ['Bo', '#7', 'tomorrow'], buttons: { '0': 'x7', '1': 'STOP-7' } });
    expect(rendered).toEqual({
      header: 'Order #7',
      headerFormat: 'TEXT',
      body: 'Hi Bo, your order #7 ships tomorrow.',
      footer: 'Reply STOP to opt out',
      buttons: [
        { index: 0, type: 'URL', text: 'Track', url: 'https://shop.test/track/x7', phoneNumber: null, value: 'x7' },
        { index: 1, type: 'QUICK_REPLY', text: 'Stop', url: null, phoneNumber: null, value: 'STOP-7' },
        { index: 2, type: 'PHONE_NUMBER', text: 'Call', url: null, phoneNumber: '+15550001111', value: null },
      ],
      missing: [],
    });
  });

  it('leaves a variable without a value as written and lists it', () => {
    const rendered = renderTemplate(ORDER, { body: ['Bo'] });
    expect(rendered.body).toBe('Hi Bo, your order {{2}} ships {{3}}.');
    expect(rendered.buttons[0].url).toBe('https://shop.test/track/{{1}}');
    expect(rendered.missing).toEqual(['header {{1}}', 'body {{2}}', 'body {{3}}', 'button 0 {{1}}']);
  });

  it('fills named variables by name or, given a list, in order of first use', () => {
    const named = parseTemplateComponents([{ type: 'BODY', text: 'Hi {{first_name}}, {{first_name}}! Code {{code}}.' }]);
    expect(renderTemplate(named, { body: { first_name: 'Ada', code: 'X1' } }).body).toBe('Hi Ada, Ada! Code X1.');
    expect(renderTemplate(named, { body: ['Ada', 'X1'] }).body).toBe('Hi Ada, Ada! Code X1.');
  });

  it('does not read inherited properties as values', () => {
    const named = parseTemplateComponents([{ type: 'BODY', text: 'Hi {{constructor}}' }]);
    expect(renderTemplate(named, { body: {} }).missing).toEqual(['body {{constructor}}']);
  });

  it('shows a media header by its format and lists a copy-code button without its code as missing', () => {
    const media = parseTemplateComponents([{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Look' }, { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SAVE' }] }]);
    expect(renderTemplate(media)).toMatchObject({ header: null, headerFormat: 'IMAGE', body: 'Look', missing: ['button 0 copy_code'] });
  });

  it('renders the reviewed example values', () => {
    const rendered = renderTemplate(ORDER, exampleFill(ORDER));
    expect(rendered).toMatchObject({ header: 'Order #42', body: 'Hi Ada, your order #42 ships today.', missing: [] });
    expect(rendered.buttons[0].url).toBe('https://shop.test/track/abc');
  });
});

describe('templateFillFromComponents', () => {
  it('reads a send: text, currency and date fallbacks, button suffix and payload', () => {
    const fill = templateFillFromComponents([
      { type: 'header', parameters: [{ type: 'text', text: '#9' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Cy' },
          { type: 'currency', currency: { fallback_value: '$10.00', code: 'USD', amount_1000: 10000 } },
          { type: 'date_time', date_time: { fallback_value: 'May 1' } },
        ],
      },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'z9' }] },
      { type: 'button', sub_type: 'quick_reply', index: 1, parameters: [{ type: 'payload', payload: 'P' }] },
    ]);
    expect(fill).toEqual({ header: ['#9'], body: ['Cy', '$10.00', 'May 1'], buttons: { '0': 'z9', '1': 'P' } });
    expect(renderTemplate(ORDER, fill).body).toBe('Hi Cy, your order $10.00 ships May 1.');
  });

  it('reads named parameters by parameter_name and ignores junk', () => {
    expect(templateFillFromComponents([{ type: 'body', parameters: [{ type: 'text', text: 'Ada', parameter_name: 'first_name' }] }, null, 'x'])).toEqual({
      body: { first_name: 'Ada' },
      buttons: {},
    });
    expect(templateFillFromComponents('nope')).toEqual({ buttons: {} });
  });
});

describe('templateComponentsFromFill', () => {
  it('builds the components of a send that fits the template', () => {
    const fill = { header: ['#9'], body: ['Cy', '#9', 'soon'], buttons: { '0': 'z9', '1': 'STOP' } };
    expect(templateComponentsFromFill(ORDER, fill)).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: '#9' }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Cy' }, { type: 'text', text: '#9' }, { type: 'text', text: 'soon' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'z9' }] },
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP' }] },
    ]);
    expect(templateFillFromComponents(templateComponentsFromFill(ORDER, fill))).toEqual(fill);
  });

  it('names the parameters of a named template', () => {
    const named = parseTemplateComponents([{ type: 'BODY', text: 'Hi {{first_name}}!' }, { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE' }] }]);
    expect(templateComponentsFromFill(named, { body: { first_name: 'Ada' }, buttons: { '0': 'SAVE' } })).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: 'Ada', parameter_name: 'first_name' }] },
      { type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE' }] },
    ]);
  });
});
