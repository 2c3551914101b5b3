import { serializeLikeMeta } from './meta-json';

describe('serializeLikeMeta', () => {
  it.each([
    ['plain ASCII stays as JSON.stringify writes it', { a: 'hello', n: 1 }, '{"a":"hello","n":1}'],
    ['an accented letter becomes a lowercase escape', { t: 'café' }, '{"t":"caf\\u00e9"}'],
    ['an emoji becomes a surrogate pair', { e: '😀' }, '{"e":"\\ud83d\\ude00"}'],
    ['CJK text is escaped unit by unit', ['你好'], '["\\u4f60\\u597d"]'],
    ['JSON escapes of control characters are kept', { t: 'a\nb"c' }, '{"t":"a\\nb\\"c"}'],
    ['slashes are not escaped', { u: 'https://x/y' }, '{"u":"https://x/y"}'],
  ])('%s', (_name, value, expected) => {
    expect(serializeLikeMeta(value)).toBe(expected);
  });

  it('produces pure ASCII that parses back to the same value', () => {
    const value = { body: 'Olá 👋 — ünïcødé ✓', nested: [{ x: 'ß' }] };
    const text = serializeLikeMeta(value);
    expect([...text].every((char) => char.charCodeAt(0) < 0x80)).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('refuses a value JSON cannot represent', () => {
    expect(() => serializeLikeMeta(undefined)).toThrow(TypeError);
  });
});
