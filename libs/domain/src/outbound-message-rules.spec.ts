import { outboundMessageProblems } from './outbound-message-rules';

const buttons = (...ids: string[]) => ids.map((id) => ({ type: 'reply', reply: { id, title: `t-${id}` } }));

describe('outboundMessageProblems', () => {
  it.each([
    ['text with its text object', 'text', { text: { body: 'hi' } }],
    ['image by id with a caption', 'image', { image: { id: '123', caption: 'look' } }],
    ['document by link with a filename', 'document', { document: { link: 'https://x.test/a.pdf', filename: 'a.pdf' } }],
    ['audio voice note', 'audio', { audio: { id: '1', voice: true } }],
    ['three reply buttons', 'interactive', { interactive: { type: 'button', body: { text: 'ok?' }, action: { buttons: buttons('a', 'b', 'c') } } }],
    ['a list of ten rows over two titled sections', 'interactive', {
      interactive: { type: 'list', body: { text: 'pick' }, action: { button: 'Menu', sections: [{ title: 'A', rows: Array.from({ length: 5 }, (_, i) => ({ id: `a${i}`, title: 'x' })) }, { title: 'B', rows: Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, title: 'x' })) }] } },
    }],
    ['a cta_url', 'interactive', { interactive: { type: 'cta_url', body: { text: 'go' }, action: { name: 'cta_url', parameters: { display_text: 'Go', url: 'https://x.test' } } } }],
    ['a template with a quick-reply button', 'template', { template: { name: 'x', language: { code: 'en' }, components: [{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'p' }] }] } }],
  ])('accepts %s', (_, type, payloads) => {
    expect(outboundMessageProblems(type, payloads)).toEqual([]);
  });

  it.each([
    ['a text message without text', 'text', {}, 'text', /needs a "text" object/],
    ['a text message carrying an image too', 'text', { text: { body: 'x' }, image: { id: '1' } }, 'image', /does not belong/],
    ['media with both id and link', 'image', { image: { id: '1', link: 'https://x.test/a.png' } }, 'image', /exactly one of id/],
    ['media with neither id nor link', 'video', { video: { caption: 'x' } }, 'video', /exactly one of id/],
    ['a sticker with a caption', 'sticker', { sticker: { id: '1', caption: 'x' } }, 'sticker.caption', /cannot have a caption/],
    ['an image with a filename', 'image', { image: { id: '1', filename: 'a.png' } }, 'image.filename', /only documents/],
    ['reply buttons with the same id', 'interactive', { interactive: { type: 'button', body: { text: 'x' }, action: { buttons: buttons('a', 'a') } } }, 'interactive.action.buttons', /"a" appears more than once/],
    ['reply buttons with sections', 'interactive', { interactive: { type: 'button', body: { text: 'x' }, action: { buttons: buttons('a'), sections: [] } } }, 'interactive.action.sections', /does not belong/],
    ['a button message body over 1024', 'interactive', { interactive: { type: 'button', body: { text: 'x'.repeat(1025) }, action: { buttons: buttons('a') } } }, 'interactive.body.text', /at most 1024/],
    ['a list with eleven rows in all', 'interactive', {
      interactive: { type: 'list', body: { text: 'x' }, action: { button: 'M', sections: [{ title: 'A', rows: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}` })) }, { title: 'B', rows: Array.from({ length: 5 }, (_, i) => ({ id: `b${i}` })) }] } },
    }, 'interactive.action.sections', /at most 10 rows/],
    ['a list with untitled sections', 'interactive', { interactive: { type: 'list', body: { text: 'x' }, action: { button: 'M', sections: [{ rows: [{ id: 'a' }] }, { rows: [{ id: 'b' }] }] } } }, 'interactive.action.sections.0.title', /needs a title/],
    ['a list with an image header', 'interactive', { interactive: { type: 'list', header: { type: 'image', image: { id: '1' } }, body: { text: 'x' }, action: { button: 'M', sections: [{ rows: [{ id: 'a' }] }] } } }, 'interactive.header.type', /only have a text header/],
    ['a list without its menu label', 'interactive', { interactive: { type: 'list', body: { text: 'x' }, action: { sections: [{ rows: [{ id: 'a' }] }] } } }, 'interactive.action.button', /menu button/],
    ['a cta_url without parameters', 'interactive', { interactive: { type: 'cta_url', body: { text: 'x' }, action: { name: 'cta_url' } } }, 'interactive.action.parameters', /display_text and url/],
    ['a template button without index', 'template', { template: { components: [{ type: 'button', sub_type: 'url', parameters: [{ type: 'text' }] }] } }, 'template.components.0.index', /index/],
    ['named and positional parameters mixed', 'template', { template: { components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'a' }, { type: 'text' }] }] } }, 'template.components', /named and positional/],
  ])('refuses %s, naming the field', (_, type, payloads, field, problem) => {
    const problems = outboundMessageProblems(type, payloads);
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem: expect.stringMatching(problem) })]));
  });
});
