import { invalidValue, missingParameter } from '../errors/meta-rejection';
import { httpUrlField, JsonObject, stringField } from './param-checks';
import { MediaType, SendContent } from './send-content';

const CAPTIONED: ReadonlySet<MediaType> = new Set(['image', 'video', 'document']);

/** Exactly one of `id` (an uploaded media id) or `link` (an http(s) URL), as Meta requires. */
export function mediaReference(media: JsonObject, path: string): { mediaId?: string; link?: string } {
  const mediaId = stringField(media, 'id', path, { min: 1 });
  const link = httpUrlField(media, 'link', path);
  if (mediaId === undefined && link === undefined) throw missingParameter(`${path}['id'] or ${path}['link']`, 131008);
  if (mediaId !== undefined && link !== undefined) throw invalidValue(`Param ${path} must have either an id or a link, not both.`);
  return mediaId !== undefined ? { mediaId } : { link };
}

/** image / video / audio / document / sticker (§2.3): caption ≤ 1024 where Meta shows one. */
export function validateMedia(type: MediaType, media: JsonObject): SendContent {
  const reference = mediaReference(media, type);
  if (CAPTIONED.has(type)) stringField(media, 'caption', type, { max: 1024 });
  if (type === 'document') stringField(media, 'filename', type, { max: 240 });
  return { type, ...reference };
}
