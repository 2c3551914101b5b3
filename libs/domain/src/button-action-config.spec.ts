import { buttonActionConfigProblems } from './button-action-config';

const options = { allowPrivateUrls: false };
const fields = (type: unknown, config: unknown, extra = {}) => buttonActionConfigProblems(type, config, { ...options, ...extra }).map((problem) => problem.field);

describe('buttonActionConfigProblems', () => {
  it.each([
    ['send_message', { text: 'Thanks {{contact.name}}!' }],
    ['send_message', { text: 'Thanks', quote: true }],
    ['send_message', { template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '{{contact.name}}' }] }] } }],
    ['update_contact', { field: 'attributes.tier', value: 'gold' }],
    ['update_contact', { field: 'attributes.score', value: { points: 3 } }],
    ['update_contact', { field: 'attributes.tier', value: null }],
    ['update_contact', { field: 'tags.add', value: 'vip' }],
    ['update_contact', { field: 'tags.remove', value: 'vip' }],
    ['update_contact', { field: 'optedOut', value: true }],
    ['create_ticket', {}],
    ['create_ticket', { subject: 'Call back {{contact.phone}}', body: 'Asked for a call', forwardUrl: 'https://help.example.com/tickets' }],
    ['update_status', { target: 'contact', status: 'interested' }],
    ['update_status', { target: 'approval', status: 'approved' }],
    ['update_status', { target: 'approval', status: 'rejected', approvalId: '5f0c6a8e-2d1b-4c53-9a57-0e2d6f1b7c11' }],
    ['webhook', { url: 'https://orders.example.com/wabus' }],
    ['rule', { language: 'jsonata', expression: "contact.attributes.tier = 'gold' ? [{'type': 'send_message', 'config': {'text': 'Hi VIP'}}] : []" }],
  ])('accepts %s %j', (type, config) => {
    expect(buttonActionConfigProblems(type, config, options)).toEqual([]);
  });

  it.each([
    ['an unknown type', 'custom_python', { code: 'print(1)' }, ['type']],
    ['a config that is not an object', 'send_message', 'hi', ['config']],
    ['both text and template', 'send_message', { text: 'a', template: { name: 'x', language: { code: 'en' } } }, ['config.template']],
    ['neither text nor template', 'send_message', {}, ['config.text']],
    ['an empty text', 'send_message', { text: ' ' }, ['config.text']],
    ['a text too long', 'send_message', { text: 'x'.repeat(4097) }, ['config.text']],
    ['an unknown placeholder', 'send_message', { text: 'Hi {{customer.name}}' }, ['config.text']],
    ['an unknown setting', 'send_message', { text: 'a', delay: 5 }, ['config.delay']],
    ['a template without a language', 'send_message', { template: { name: 'order_update' } }, ['config.template.language.code']],
    ['a template button without index', 'send_message', { template: { name: 'x', language: { code: 'en' }, components: [{ type: 'button', sub_type: 'quick_reply' }] } }, ['config.template.components.0.index']],
    ['an unknown contact field', 'update_contact', { field: 'name', value: 'x' }, ['config.field']],
    ['an attribute with a bad name', 'update_contact', { field: 'attributes.a b', value: 'x' }, ['config.field']],
    ['an attribute without value', 'update_contact', { field: 'attributes.tier' }, ['config.value']],
    ['an empty tag', 'update_contact', { field: 'tags.add', value: '' }, ['config.value']],
    ['opt-out that is not a boolean', 'update_contact', { field: 'optedOut', value: 'yes' }, ['config.value']],
    ['a ticket forwarded to loopback', 'create_ticket', { forwardUrl: 'http://127.0.0.1/hook' }, ['config.forwardUrl']],
    ['an approval status that is not a decision', 'update_status', { target: 'approval', status: 'maybe' }, ['config.status']],
    ['an unknown status target', 'update_status', { target: 'order', status: 'paid' }, ['config.target']],
    ['a webhook without url', 'webhook', {}, ['config.url']],
    ['a webhook to a private address', 'webhook', { url: 'http://10.0.0.5/hook' }, ['config.url']],
    ['a webhook with a bad subscription id', 'webhook', { url: 'https://a.example.com', subscriptionId: 'x' }, ['config.subscriptionId']],
    ['a rule in another language', 'rule', { language: 'python', expression: 'True' }, ['config.language']],
    ['a rule that does not parse', 'rule', { language: 'jsonata', expression: '[1, 2' }, ['config.expression']],
    ['a rule with a regex', 'rule', { language: 'jsonata', expression: '$match(message.replyTitle, /(a+)+$/)' }, ['config.expression']],
    ['a rule using $eval', 'rule', { language: 'jsonata', expression: '$eval("1+1")' }, ['config.expression']],
  ])('refuses %s', (_label, type, config, expected) => {
    expect(fields(type, config)).toEqual(expected);
  });

  it('allows local URLs where the deployment allows them (development)', () => {
    expect(fields('webhook', { url: 'http://127.0.0.1:4000/hook' }, { allowPrivateUrls: true })).toEqual([]);
  });

  it('refuses a rule inside a rule, with the effect path', () => {
    expect(fields('rule', { language: 'jsonata', expression: '1' }, { path: 'effects.0.config', fromRule: true })).toEqual(['effects.0.type']);
  });
});
