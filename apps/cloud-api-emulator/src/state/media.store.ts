import { createHash } from 'node:crypto';

export interface StoredMedia {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  bytes: Buffer;
  /** Hex SHA-256 of the bytes, as `GET /{media-id}` reports it. */
  sha256: string;
  filename?: string;
  uploadedAtMs: number;
}

// Uploads live in memory; past this many bytes the oldest go first, so a long run cannot exhaust memory.
const MAX_TOTAL_BYTES = 512 * 1024 * 1024;

export class MediaStore {
  private readonly media = new Map<string, StoredMedia>();
  private totalBytes = 0;

  add(entry: Omit<StoredMedia, 'sha256'>): StoredMedia {
    const stored = {
      ...entry,
      sha256: createHash('sha256').update(entry.bytes).digest('hex'),
    };
    this.media.set(stored.id, stored);
    this.totalBytes += stored.bytes.length;
    while (this.totalBytes > MAX_TOTAL_BYTES && this.media.size > 1) {
      const oldest = this.media.keys().next().value as string;
      this.delete(oldest);
    }
    return stored;
  }

  get(id: string): StoredMedia | undefined {
    return this.media.get(id);
  }

  delete(id: string): boolean {
    const entry = this.media.get(id);
    if (!entry) return false;
    this.totalBytes -= entry.bytes.length;
    return this.media.delete(id);
  }

  clear(): void {
    this.media.clear();
    this.totalBytes = 0;
  }
}
