import type { TemplatePayload } from './message-types';
import { checkTemplateMessage, TemplateNotSendableError, templateMessageProblems, templateParameterProblems, type TemplateSnapshot } from './template-check';

const ORDER: TemplateSnapshot = {
  name: 'order_update',
  language: 'en_US',
  status: 'APPROVED',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: 'Hi {{1}}, order {{2}} is on its way.' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track', url: 'https://shop.test/t/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Stop' },
        { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+15550001111' },
      ],
    },
  ],
};

const text = (value: string) => ({ type: 'text' as const, text: value });
const good = (): TemplatePayload => ({
  name: 'order_update',
  language: { code: 'en_US' },
  components: [
    { type: 'header', parameters: [text('#42')] },
    { type: 'body', parameters: [text('Ada'), text('#42')] },
    { type: 'button', sub_type: 'url', index: '0', parameters: [text('abc')] },
  ],
});
const withComponents = (components: TemplatePayload['components']): TemplatePayload => ({ ...good(), components });

describe('checkTemplateMessage', () => {
  it('accepts a message that fits its approved definition (language written with a hyphen too)', () => {
    expect(checkTemplateMessage(good(), [ORDER])).toBeNull();
    expect(checkTemplateMessage({ ...good(), language: { code: 'en-US' } }, [ORDER])).toBeNull();
  });

  it.each([
    ['an unknown template', [], 'template_not_found', 132001, /order_update does not exist/],
    ['a template not in that language', [{ ...ORDER, language: 'pt_BR' }, { ...ORDER, language: 'es' }], 'template_language_not_found', 132001, /does not exist in en_US; it exists in es, pt_BR/],
    ['a rejected template, with its reason', [{ ...ORDER, status: 'REJECTED', rejectedReason: 'INVALID_FORMAT' }], 'template_rejected', 132001, /is REJECTED \(reason: INVALID_FORMAT\); only APPROVED/],
    ['a paused template', [{ ...ORDER, status: 'PAUSED' }], 'template_paused', 132015, /is PAUSED.*reinstated/],
    ['a disabled template', [{ ...ORDER, status: 'DISABLED' }], 'template_disabled', 132016, /is DISABLED.*new template/],
    ['a pending template', [{ ...ORDER, status: 'PENDING' }], 'template_not_approved', 132001, /is PENDING.*wait for approval/],
    ['a template deleted at Meta', [{ ...ORDER, deletedAt: new Date() }], 'template_deleted', 132001, /was deleted at Meta/],
  ])('refuses %s', (_, known, code, metaCode, message) => {
    const problem = checkTemplateMessage(good(), known as TemplateSnapshot[]);
    expect(problem).toMatchObject({ code, metaCode, component: 'template' });
    expect(problem?.message).toMatch(message);
  });

  it.each([
    ['a body parameter short', withComponents([{ type: 'header', parameters: [text('#1')] }, { type: 'body', parameters: [text('Ada')] }, { type: 'button', sub_type: 'url', index: '0', parameters: [text('a')] }]), 'template_parameter_count', 'body', 132000, /expects 2 body parameters \(\{\{1\}\}, \{\{2\}\}\), but the message gives 1/],
    ['no header parameter', withComponents([{ type: 'body', parameters: [text('Ada'), text('#1')] }, { type: 'button', sub_type: 'url', index: '0', parameters: [text('a')] }]), 'template_parameter_count', 'header', 132000, /expects 1 header parameter \(\{\{1\}\}\), but the message gives 0/],
    ['no URL suffix', withComponents([{ type: 'header', parameters: [text('#1')] }, { type: 'body', parameters: [text('Ada'), text('#1')] }]), 'template_button_parameter', 'button', 131008, /url button at index 0 needs 1 parameter \(the suffix of https:\/\/shop.test\/t\/\{\{1\}\}\), but the message gives 0/],
    ['a button index past the end', withComponents([...(good().components ?? []), { type: 'button', sub_type: 'quick_reply', index: '7', parameters: [{ type: 'payload', payload: 'p' }] }]), 'template_button_unknown', 'button', 132000, /has 3 buttons, but the message gives parameters for a button at index 7/],
    ['a parameter for a phone button', withComponents([...(good().components ?? []), { type: 'button', sub_type: 'url', index: '2', parameters: [text('x')] }]), 'template_button_parameter', 'button', 132000, /phone number button and takes no parameters/],
    ['a new line in a text parameter', withComponents([{ type: 'header', parameters: [text('#1')] }, { type: 'body', parameters: [text('Ada\nLovelace'), text('#1')] }, { type: 'button', sub_type: 'url', index: '0', parameters: [text('a')] }]), 'template_parameter_text', 'body', 132018, /body parameter 1 contains a new line/],
  ])('refuses %s, naming the component and the counts', (_, sent, code, component, metaCode, message) => {
    const problem = checkTemplateMessage(sent, [ORDER]);
    expect(problem).toMatchObject({ code, component, metaCode });
    expect(problem?.message).toMatch(message);
  });

  it('checks media headers and named parameters', () => {
    const media: TemplateSnapshot = { name: 'promo', language: 'en', status: 'APPROVED', components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Hi {{first_name}}!' }] };
    const send = (components: TemplatePayload['components']): TemplatePayload => ({ name: 'promo', language: { code: 'en' }, components });
    const image = { type: 'header' as const, parameters: [{ type: 'image' as const, image: { id: '1' } }] };
    expect(checkTemplateMessage(send([image, { type: 'body', parameters: [{ ...text('Ada'), parameter_name: 'first_name' }] }]), [media])).toBeNull();
    expect(checkTemplateMessage(send([{ type: 'body', parameters: [{ ...text('Ada'), parameter_name: 'first_name' }] }]), [media])?.message).toMatch(/image header, which needs exactly 1 header parameter/);
    expect(checkTemplateMessage(send([{ type: 'header', parameters: [{ type: 'video', video: { id: '1' } }] }, { type: 'body', parameters: [{ ...text('Ada'), parameter_name: 'first_name' }] }]), [media])).toMatchObject({
      code: 'template_header_format',
    });
    expect(checkTemplateMessage(send([image, { type: 'body', parameters: [{ ...text('Ada'), parameter_name: 'name' }] }]), [media])).toMatchObject({
      code: 'template_parameter_name',
      message: expect.stringMatching(/needs "first_name"/),
    });
  });

  it('needs the coupon code of a copy-code button', () => {
    const coupon: TemplateSnapshot = { name: 'c', language: 'en', status: 'APPROVED', components: [{ type: 'BODY', text: 'Save' }, { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'X' }] }] };
    const sent: TemplatePayload = { name: 'c', language: { code: 'en' } };
    expect(checkTemplateMessage(sent, [coupon])?.message).toMatch(/copy code button at index 0 needs 1 parameter \(the coupon_code\)/);
    expect(checkTemplateMessage({ ...sent, components: [{ type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'X' }] }] }, [coupon])).toBeNull();
  });
});

describe('templateMessageProblems', () => {
  it('lists every parameter problem at once, for a preview', () => {
    const problems = templateMessageProblems(ORDER, { name: 'order_update', language: { code: 'en_US' } });
    expect(problems.map((problem) => problem.component)).toEqual(['header', 'body', 'button']);
  });

  it('stops at the status of a template that cannot be sent, while the parameter check alone still looks at the components', () => {
    const paused = { ...ORDER, status: 'PAUSED' };
    const bare: TemplatePayload = { name: 'order_update', language: { code: 'en_US' } };
    expect(templateMessageProblems(paused, bare).map((problem) => problem.code)).toEqual(['template_paused']);
    expect(templateParameterProblems(paused, bare).map((problem) => problem.code)).toEqual(['template_parameter_count', 'template_parameter_count', 'template_button_parameter']);
  });

  it('wraps a problem in a domain error with a machine code', () => {
    const [problem] = templateMessageProblems({ ...ORDER, status: 'PAUSED' }, good());
    const error = new TemplateNotSendableError(problem);
    expect(error).toMatchObject({ code: 'template_not_sendable', message: problem.message, details: { code: 'template_paused' } });
  });
});
