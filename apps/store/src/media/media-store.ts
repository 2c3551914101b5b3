import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A media file kept by the store, as its sidecar `<media id>.json` describes it. */
export interface StoredMedia {
  messageId: string;
  channelId: string;
  mediaId: string;
  mimeType: string;
  /** Hex SHA-256 of the bytes kept. */
  sha256: string;
  bytes: number;
  filename: string | null;
  fetchedAt: string;
  /** The file, relative to the media directory. */
  path: string;
}

/** Media ids are Meta's decimal strings; anything else is hashed, so no id can name a path outside the directory. */
function safeName(id: string): string {
  return /^[A-Za-z0-9._-]{1,128}$/.test(id) && !id.startsWith('.') ? id : createHash('sha256').update(id).digest('hex');
}

/**
 * Media files on a directory (a mounted volume when replicas share it):
 * `<dir>/<channel id>/<media id>` and its description beside it. A file is
 * written under a temporary name and renamed, and its description after it, so
 * a description always names a complete file.
 */
export class MediaStore {
  constructor(private readonly root: string) {}

  relativePath(channelId: string, mediaId: string): string {
    return path.join(safeName(channelId), safeName(mediaId));
  }

  async stored(channelId: string, mediaId: string): Promise<StoredMedia | null> {
    try {
      return JSON.parse(await readFile(this.absolute(`${this.relativePath(channelId, mediaId)}.json`), 'utf8')) as StoredMedia;
    } catch {
      return null;
    }
  }

  async save(media: Omit<StoredMedia, 'path' | 'sha256' | 'bytes' | 'fetchedAt'>, bytes: Buffer, now = new Date()): Promise<StoredMedia> {
    const relative = this.relativePath(media.channelId, media.mediaId);
    const file = this.absolute(relative);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Date.now()}.part`;
    await writeFile(temporary, bytes);
    await rename(temporary, file);
    const stored: StoredMedia = { ...media, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, fetchedAt: now.toISOString(), path: relative };
    await writeFile(`${temporary}.json`, JSON.stringify(stored, null, 2));
    await rename(`${temporary}.json`, `${file}.json`);
    return stored;
  }

  private absolute(relative: string): string {
    return path.resolve(this.root, relative);
  }
}
