import { createHash } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { MediaSourceRepository, runStatements, SecretBox } from '@wabus/persistence';
import { APP_CONFIG, LOGGER } from '@wabus/service';
import { GraphApiError, GraphClient, UnsafeUrlError } from '@wabus/whatsapp';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';
import { MediaStore, type StoredMedia } from './media-store';
import { MEDIA_TYPES } from './media-types';

/** A fetch that cannot succeed by retrying: no such message, no media in it, media Meta no longer has (kept 7 days). */
export class MediaUnavailableError extends UnrecoverableError {
  readonly code = 'media_unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'MediaUnavailableError';
  }
}

/** The bytes do not match the sha256 the webhook announced: retried, since a download can be cut short. */
export class MediaChecksumError extends Error {
  readonly code = 'media_checksum_mismatch';
  constructor(mediaId: string) {
    super(`The download of media ${mediaId} does not match the sha256 of its webhook.`);
    this.name = 'MediaChecksumError';
  }
}

/** Downloads inbound media through the Graph API (GET /{media-id}, then its 5-minute URL) into the media store. */
@Injectable()
export class MediaFetchService implements OnApplicationShutdown {
  private readonly graph: GraphClient;
  private readonly store: MediaStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(STORE_SETTINGS) settings: StoreSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.graph = new GraphClient({ allowPrivateUrls: config.allowPrivateUrls });
    this.store = new MediaStore(settings.mediaDir);
  }

  /** Idempotent: media already kept is not fetched again. */
  async fetch(messageId: string): Promise<StoredMedia> {
    const source = await runStatements(this.dataSource, (sql) => new MediaSourceRepository(sql).find(messageId));
    if (!source) throw new MediaUnavailableError(`No message ${messageId}.`);
    const media = source.payload ?? {};
    const mediaId = typeof media.id === 'string' ? media.id : null;
    if (source.direction !== 'in' || !MEDIA_TYPES.has(source.type) || !mediaId) {
      throw new MediaUnavailableError(`Message ${messageId} is not an inbound image, audio, video, document or sticker with a media id.`);
    }
    const kept = await this.store.stored(source.channelId, mediaId);
    if (kept) return kept;

    const target = { graphBaseUrl: source.graphBaseUrl, apiVersion: source.apiVersion, phoneNumberId: source.phoneNumberId, accessToken: this.secrets.open(source.accessToken) };
    let file;
    let announced: string | null = typeof media.sha256 === 'string' ? media.sha256 : null;
    try {
      const info = await this.graph.retrieveMedia(target, mediaId);
      // GET /{media-id} describes the very file behind its URL: its checksum is the one to hold the bytes to.
      if (typeof info.body.sha256 === 'string' && info.body.sha256 !== '') announced = info.body.sha256;
      file = await this.graph.downloadMedia(target, info.body.url);
    } catch (error) {
      // Meta refuses a media id it no longer has (after 7 days) or that is not this number's: asking again changes nothing.
      const refused = error instanceof GraphApiError && error.httpStatus >= 400 && error.httpStatus < 500 && error.httpStatus !== 429;
      if (refused || error instanceof UnsafeUrlError) throw new MediaUnavailableError(`Media ${mediaId} of message ${messageId} cannot be fetched: ${(error as Error).message}`);
      throw error;
    }
    if (announced && !matchesSha256(file.bytes, announced)) throw new MediaChecksumError(mediaId);
    const stored = await this.store.save(
      {
        messageId,
        channelId: source.channelId,
        mediaId,
        mimeType: typeof media.mime_type === 'string' ? media.mime_type : file.mimeType,
        filename: typeof media.filename === 'string' ? media.filename : null,
      },
      file.bytes,
    );
    this.logger.info({ messageId, mediaId, bytes: stored.bytes, path: stored.path }, 'media stored');
    return stored;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.graph.close();
  }
}

/** Webhooks write the sha256 in base64, GET /{media-id} in hex (§4.5): either form matches. */
function matchesSha256(bytes: Buffer, announced: string): boolean {
  const digest = createHash('sha256').update(bytes).digest();
  return announced === digest.toString('hex') || announced === digest.toString('base64');
}
