import { MetaRejection } from '../errors/meta-rejection';
import { SentTemplate, SentTemplateComponent } from './send-content';
import { TemplateDefinition } from './template-definition';
import { checkTemplateParameters } from './template-parameters.checker';

const definition: TemplateDefinition = {
  id: '1',
  name: 'order_update',
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Hi {{1}}' },
    { type: 'BODY', text: 'Order {{1}} is {{2}}, total {{3}}.' },
    { type: 'FOOTER', text: 'Lucky Shrub' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Approve' },
        { type: 'QUICK_REPLY', text: 'Reject' },
        { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+1555' },
      ],
    },
  ],
};

const text = (value: string) => ({ type: 'text', value });
const header = (...parameters: SentTemplateComponent['parameters']): SentTemplateComponent => ({ type: 'header', parameters });
const body = (...parameters: SentTemplateComponent['parameters']): SentTemplateComponent => ({ type: 'body', parameters });
const urlButton = (index: number, ...parameters: SentTemplateComponent['parameters']): SentTemplateComponent => ({
  type: 'button',
  subType: 'url',
  index,
  parameters,
});
const quickReply = (index: number, payload?: string): SentTemplateComponent => ({
  type: 'button',
  subType: 'quick_reply',
  index,
  parameters: payload === undefined ? [] : [{ type: 'payload', value: payload }],
});
const sent = (...components: SentTemplateComponent[]): SentTemplate => ({ name: 'order_update', languageCode: 'en_US', components });
const complete = [
  header(text('Ana')),
  body(text('#42'), text('shipped'), { type: 'currency', value: { fallback_value: '$1', code: 'USD', amount_1000: 1000 } }),
  urlButton(0, text('42')),
];

function outcome(template: TemplateDefinition, message: SentTemplate): unknown {
  try {
    return checkTemplateParameters(template, message);
  } catch (error) {
    if (!(error instanceof MetaRejection)) throw error;
    return { code: error.code, details: error.details };
  }
}

describe('checkTemplateParameters', () => {
  it('accepts matching counts and returns the quick replies with the payloads sent', () => {
    expect(outcome(definition, sent(...complete, quickReply(1, 'APPROVE:42')))).toEqual([
      { index: 1, text: 'Approve', payload: 'APPROVE:42' },
      { index: 2, text: 'Reject' },
    ]);
  });

  it.each<[string, SentTemplate, number, string]>([
    [
      'too few body parameters',
      sent(header(text('Ana')), body(text('#42')), urlButton(0, text('42'))),
      132000,
      'body: number of localizable_params (1) does not match the expected number of params (3)',
    ],
    [
      'no body component',
      sent(header(text('Ana')), urlButton(0, text('42'))),
      132000,
      'body: number of localizable_params (0) does not match the expected number of params (3)',
    ],
    [
      'too many header parameters',
      sent(header(text('A'), text('B')), ...complete.slice(1)),
      132000,
      'header: number of localizable_params (2) does not match the expected number of params (1)',
    ],
    ['no header parameter', sent(...complete.slice(1)), 132000, 'header: number of localizable_params (0) does not match the expected number of params (1)'],
    ['the dynamic URL button left out', sent(...complete.slice(0, 2)), 131008, 'buttons: Button at index 0 of type Url requires a parameter'],
    [
      'two parameters for the URL button',
      sent(...complete.slice(0, 2), urlButton(0, text('a'), text('b'))),
      132000,
      'buttons: number of localizable_params (2) does not match the expected number of params (1)',
    ],
    [
      'a button index the template does not have',
      sent(...complete, quickReply(7, 'x')),
      131009,
      'buttons: Button at index 7 does not exist in the template (it has 4 buttons)',
    ],
    [
      'a quick_reply sent for the URL button',
      sent(...complete.slice(0, 2), quickReply(0, 'x')),
      132012,
      'buttons: Button at index 0 is of type Url, received sub_type quick_reply',
    ],
    ['the same button twice', sent(...complete, quickReply(1, 'a'), quickReply(1, 'b')), 131009, 'buttons: Button at index 1 appears more than once'],
    [
      'an image in the body',
      sent(header(text('Ana')), body(text('#42'), text('x'), { type: 'image', value: { id: '1' } }), urlButton(0, text('42'))),
      132012,
      'body: Format mismatch, expected TEXT, received IMAGE',
    ],
    [
      'a newline in a text parameter',
      sent(header(text('Ana')), body(text('a\nb'), text('x'), text('y')), urlButton(0, text('42'))),
      132018,
      'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
    ],
    [
      'five spaces in a text parameter',
      sent(header(text('Ana')), body(text('a     b'), text('x'), text('y')), urlButton(0, text('42'))),
      132018,
      'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
    ],
    [
      'a header text parameter over 60',
      sent(header(text('x'.repeat(61))), ...complete.slice(1)),
      132005,
      'header: parameter text is longer than 60 characters',
    ],
  ])('refuses %s', (_name, message, code, details) => {
    expect(outcome(definition, message)).toEqual({ code, details });
  });

  it('requires the media of a media header, of the right kind', () => {
    const withImage: TemplateDefinition = {
      ...definition,
      components: [
        { type: 'HEADER', format: 'IMAGE' },
        { type: 'BODY', text: 'Hello' },
      ],
    };
    expect(outcome(withImage, sent(header({ type: 'image', value: { id: '1' } })))).toEqual([]);
    expect(outcome(withImage, sent())).toEqual({
      code: 132000,
      details: 'header: number of localizable_params (0) does not match the expected number of params (1)',
    });
    expect(outcome(withImage, sent(header({ type: 'video', value: { id: '1' } })))).toEqual({
      code: 132012,
      details: 'header: Format mismatch, expected IMAGE, received VIDEO',
    });
  });

  it('accepts a template without variables and without components', () => {
    const plain: TemplateDefinition = { ...definition, components: [{ type: 'BODY', text: 'Hello there' }] };
    expect(outcome(plain, sent())).toEqual([]);
    expect(outcome(plain, sent(body(text('extra'))))).toEqual({
      code: 132000,
      details: 'body: number of localizable_params (1) does not match the expected number of params (0)',
    });
  });

  it('checks named parameters by name', () => {
    const named: TemplateDefinition = {
      ...definition,
      parameter_format: 'NAMED',
      components: [{ type: 'BODY', text: 'Hi {{first_name}}, order {{order_id}}' }],
    };
    const param = (name: string | undefined, value: string) => (name ? { type: 'text', value, name } : { type: 'text', value });
    expect(outcome(named, sent(body(param('order_id', '42'), param('first_name', 'Ana'))))).toEqual([]);
    expect(outcome(named, sent(body(param('first_name', 'Ana'), param('nickname', 'A'))))).toEqual({
      code: 131008,
      details: "body: parameter 'order_id' is missing",
    });
    expect(outcome(named, sent(body(param(undefined, 'Ana'), param('order_id', '42'))))).toEqual({
      code: 100,
      details: 'body: every parameter of a template with named parameters needs a parameter_name',
    });
  });

  it('counts a repeated variable once', () => {
    const repeated: TemplateDefinition = { ...definition, components: [{ type: 'BODY', text: '{{1}} and {{1}} again, {{2}}' }] };
    expect(outcome(repeated, sent(body(text('a'), text('b'))))).toEqual([]);
  });

  it('requires the coupon of a copy-code button', () => {
    const coupon: TemplateDefinition = {
      ...definition,
      components: [
        { type: 'BODY', text: 'Sale' },
        { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SAVE' }] },
      ],
    };
    expect(outcome(coupon, sent())).toEqual({ code: 131008, details: 'buttons: Button at index 0 of type Copy_code requires a parameter' });
    expect(outcome(coupon, sent({ type: 'button', subType: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', value: 'SAVE20' }] }))).toEqual([]);
  });
});
