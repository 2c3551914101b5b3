import { mediaLinkFields } from './media-link-fields';

describe('mediaLinkFields', () => {
  it.each([
    ['an image by link', { link: 'https://cdn.example.com/a.jpg', caption: 'x' }, 'image', [{ field: 'image.link', url: 'https://cdn.example.com/a.jpg' }]],
    ['an image by id', { id: '123' }, 'image', []],
    ['an interactive header', { type: 'button', header: { type: 'video', video: { link: 'http://10.0.0.1/v.mp4' } } }, 'interactive', [{ field: 'interactive.header.video.link', url: 'http://10.0.0.1/v.mp4' }]],
    [
      'a template header parameter',
      { name: 'x', components: [{ type: 'header', parameters: [{ type: 'document', document: { link: 'http://[::1]/d.pdf' } }] }] },
      'template',
      [{ field: 'template.components.0.parameters.0.document.link', url: 'http://[::1]/d.pdf' }],
    ],
    ['a link that is not a string', { link: 42 }, 'image', []],
  ])('finds the media links of %s', (_, payload, path, expected) => {
    expect(mediaLinkFields(payload, path)).toEqual(expected);
  });
});
