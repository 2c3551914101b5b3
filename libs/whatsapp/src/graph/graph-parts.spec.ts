import { GraphApiError, parseGraphErrorEnvelope, UnsafeUrlError } from './graph-errors';
import { mediaKindOf } from './media-kinds';
import { buildMessageRequest, buildReadReceipt } from './message-request';
import { redactSecrets } from './redaction';
import { assertPublicUrl, assertSafeUrl } from './url-guard';

describe('parseGraphErrorEnvelope', () => {
  it("reads Meta's envelope into a typed error", () => {
    const body = {
      error: {
        message: '(#130429) Rate limit hit',
        type: 'OAuthException',
        code: 130429,
        error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
        error_subcode: 2494055,
        fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
      },
    };
    const error = parseGraphErrorEnvelope(400, body) as GraphApiError;
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({
      httpStatus: 400,
      code: 130429,
      title: 'Rate limit hit',
      details: 'Cloud API message throughput has been reached.',
      subcode: 2494055,
      fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
      body,
    });
  });

  it('tolerates Graph-level errors without error_data or subcode', () => {
    const error = parseGraphErrorEnvelope(401, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 } });
    expect(error).toMatchObject({ code: 190, title: 'Invalid OAuth access token - Cannot parse access token', details: undefined, subcode: undefined });
  });

  it.each([[null], ['<html>502</html>'], [{}], [{ error: 'nope' }], [{ error: { message: 'no code' } }]])('returns null for %p', (body) => {
    expect(parseGraphErrorEnvelope(502, body)).toBeNull();
  });
});

describe('buildMessageRequest', () => {
  it("puts the type object under its type's key, in Meta's envelope", () => {
    expect(buildMessageRequest({ to: '+16505551234', type: 'text', payload: { body: 'hi', preview_url: true } })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+16505551234',
      type: 'text',
      text: { body: 'hi', preview_url: true },
    });
  });

  it('adds the quoted message as context', () => {
    const body = buildMessageRequest({ to: '+16505551234', type: 'reaction', payload: { message_id: 'wamid.A', emoji: '👍' }, contextMessageId: 'wamid.B' });
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+16505551234',
      type: 'reaction',
      reaction: { message_id: 'wamid.A', emoji: '👍' },
      context: { message_id: 'wamid.B' },
    });
  });

  it('builds read receipts with and without the typing indicator', () => {
    expect(buildReadReceipt('wamid.X')).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' });
    expect(buildReadReceipt('wamid.X', true)).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X', typing_indicator: { type: 'text' } });
  });
});

describe('redactSecrets', () => {
  it('masks the token wherever it appears, credential query parameters and bearer headers, without touching the original', () => {
    const original = {
      url: 'https://graph.facebook.com/v23.0/1/messages?access_token=EAAGsecret',
      headers: { authorization: 'Bearer EAAGsecretvalue123' },
      nested: [{ link: 'https://cdn.example.com/a.jpg?sig=abc&w=2' }, 'token EAAGsecretvalue123 inside'],
      count: 3,
    };
    const copy = redactSecrets(original, ['EAAGsecretvalue123']);
    expect(copy).toEqual({
      url: 'https://graph.facebook.com/v23.0/1/messages?access_token=[redacted]',
      headers: { authorization: '[redacted]' },
      nested: [{ link: 'https://cdn.example.com/a.jpg?sig=[redacted]&w=2' }, 'token [redacted] inside'],
      count: 3,
    });
    expect(original.headers.authorization).toBe('Bearer EAAGsecretvalue123');
  });
});

describe('assertSafeUrl', () => {
  it.each([
    ['http://127.0.0.1:4010', 'loopback'],
    ['http://[::1]:4010', 'loopback'],
    ['http://169.254.169.254/latest/meta-data', 'link_local'],
    ['https://10.0.0.8', 'private'],
    ['http://[::ffff:192.168.0.1]/', 'private'],
  ])('refuses %s when private URLs are not allowed', (url, kind) => {
    expect(() => assertSafeUrl(url, false)).toThrow(UnsafeUrlError);
    try {
      assertSafeUrl(url, false);
    } catch (error) {
      expect((error as UnsafeUrlError).addressKind).toBe(kind);
    }
  });

  it('accepts them when private URLs are allowed, and public hosts always', () => {
    expect(assertSafeUrl('http://127.0.0.1:4010', true).port).toBe('4010');
    expect(assertSafeUrl('https://graph.facebook.com', false).hostname).toBe('graph.facebook.com');
    expect(assertSafeUrl('https://157.240.22.35', false).hostname).toBe('157.240.22.35');
  });

  it('refuses schemes other than http and https', () => {
    expect(() => assertSafeUrl('file:///etc/passwd', true)).toThrow('only http and https');
  });
});

describe('assertPublicUrl', () => {
  it('refuses a name that resolves to a private address, naming the address but not the query', async () => {
    const resolve = async () => ['93.184.216.34', '10.1.2.3'];
    await expect(assertPublicUrl('https://cdn.example.com/a.jpg?token=x', false, resolve)).rejects.toThrow(
      'https://cdn.example.com/a.jpg is refused: it points at 10.1.2.3, a private address',
    );
  });

  it('accepts names resolving only to public addresses, and skips DNS when private URLs are allowed', async () => {
    await expect(assertPublicUrl('https://cdn.example.com/a.jpg', false, async () => ['93.184.216.34'])).resolves.toBeUndefined();
    const resolve = jest.fn(async () => ['127.0.0.1']);
    await expect(assertPublicUrl('https://cdn.example.com/a.jpg', true, resolve)).resolves.toBeUndefined();
    expect(resolve).not.toHaveBeenCalled();
  });
});

describe('mediaKindOf', () => {
  it.each([
    ['image/jpeg', 'image', 5 * 1024 * 1024],
    ['audio/ogg; codecs=opus', 'audio', 16 * 1024 * 1024],
    ['image/webp', 'sticker', 500 * 1024],
    ['application/pdf', 'document', 100 * 1024 * 1024],
  ])('%s is %s up to %d bytes', (type, kind, maxBytes) => {
    expect(mediaKindOf(type)).toEqual({ kind, maxBytes });
  });

  it('refuses types Meta does not take', () => {
    expect(mediaKindOf('image/gif')).toBeNull();
  });
});
