/**
 * Every media `link` inside a send payload (image, video, audio, document,
 * sticker, an interactive header's media, a template header parameter), with
 * its field path, so the API can refuse a private or loopback link by name
 * before queueing (outboundUrlProblems); Meta fetches these URLs, and the
 * sender checks them again against DNS before the send.
 */
export function mediaLinkFields(payload: unknown, path: string, depth = 0): Array<{ field: string; url: string }> {
  if (depth > 8 || payload === null || typeof payload !== 'object') return [];
  if (Array.isArray(payload)) return payload.flatMap((item, index) => mediaLinkFields(item, `${path}.${index}`, depth + 1));
  return Object.entries(payload as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'link' && typeof value === 'string' ? [{ field: `${path}.link`, url: value }] : mediaLinkFields(value, `${path}.${key}`, depth + 1),
  );
}
