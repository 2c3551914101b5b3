import { placeholderProblems, renderPlaceholders, renderPlaceholdersDeep } from './placeholders';

const context = {
  contact: { name: 'Ada', phone: '+2348031234567', attributes: { tier: 'gold', visits: 3, vip: true, nested: { deep: 'x' } }, tags: ['vip', 'lagos'] },
  message: { replyId: 'yes-1', replyTitle: 'Yes please' },
};

describe('renderPlaceholders', () => {
  it.each([
    ['Hi {{contact.name}}!', 'Hi Ada!'],
    ['Hi {{ contact.name }}!', 'Hi Ada!'],
    ['{{contact.phone}}', '+2348031234567'],
    ['tier {{contact.attributes.tier}}, {{contact.attributes.visits}} visits', 'tier gold, 3 visits'],
    ['vip: {{contact.attributes.vip}}', 'vip: yes'],
    ['tags: {{contact.tags}}', 'tags: vip, lagos'],
    ['You chose "{{message.replyTitle}}"', 'You chose "Yes please"'],
    ['Hi {{contact.attributes.nickname | there}}', 'Hi there'],
    ['Hi {{contact.attributes.nickname|there}}', 'Hi there'],
    ['Hi {{contact.name | there}}', 'Hi Ada'],
    ['[{{contact.missing}}]', '[]'],
    ['[{{contact.attributes.nested}}]', '[]'],
    ['[{{contact.__proto__}}] [{{contact.constructor.name}}]', '[] []'],
    ['[{{nope.name}}]', '[]'],
    ['no placeholders', 'no placeholders'],
    ['{{ broken', '{{ broken'],
  ])('renders %p as %p', (template, expected) => {
    expect(renderPlaceholders(template, context)).toBe(expected);
  });

  it('renders every string inside a template object, leaving other values', () => {
    const template = { name: 'order_update', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '{{contact.name}}' }, { type: 'currency', amount_1000: 5 }] }] };
    expect(renderPlaceholdersDeep(template, context)).toEqual({
      ...template,
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'currency', amount_1000: 5 }] }],
    });
  });
});

describe('placeholderProblems', () => {
  it.each([
    ['Hi {{contact.name}} {{message.replyTitle}} {{channel.id}}', 0],
    ['{{customer.name}}', 1],
    ['{{contact..name}}', 1],
    ['{{contact.constructor}}', 1],
    ['{{ }}', 1],
  ])('finds problems in %p: %p', (template, count) => {
    expect(placeholderProblems(template)).toHaveLength(count);
  });
});
