import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { EmulatorClock } from '../clock/emulator-clock';
import { invalidToken, MetaRejection, missingParameter, unsupportedRequest } from '../errors/meta-rejection';
import { authorizeNumber, bearerToken } from '../graph/graph-auth';
import { GraphAnswer, ok, refused } from '../graph/graph-answer';
import { IdFactory } from '../state/id-factory';
import { MediaStore, StoredMedia } from '../state/media.store';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { StatsRecorder } from '../state/stats.recorder';
import { baseMimeType, mediaKindOf, SUPPORTED_MIME_TYPES } from './media-types';
import { MEDIA_URL_TTL_MS, MediaUrlSigner } from './media-url.signer';

interface UploadedForm {
  messagingProduct?: string;
  type?: string;
  file?: { bytes: Buffer; mimeType: string; filename?: string };
}

export type MediaDownload = { kind: 'file'; media: StoredMedia } | { kind: 'refused'; rejection: MetaRejection };

/** Upload, retrieve, download and delete (whatsapp-cloud-api.md §6). Uploads live in memory. */
@Injectable()
export class MediaService {
  constructor(
    private readonly registry: PhoneNumberRegistry,
    private readonly media: MediaStore,
    private readonly ids: IdFactory,
    private readonly signer: MediaUrlSigner,
    private readonly stats: StatsRecorder,
    private readonly clock: EmulatorClock,
  ) {}

  async upload(authorization: string | undefined, phoneNumberId: string, request: FastifyRequest): Promise<GraphAnswer> {
    const number = authorizeNumber(this.registry, authorization, phoneNumberId, 'post');
    if (number instanceof MetaRejection) return refused(number);
    try {
      const form = await readForm(request);
      if (form.messagingProduct !== 'whatsapp') throw missingParameter('messaging_product');
      if (!form.file) throw missingParameter('file');
      const mimeType = baseMimeType(form.type ?? form.file.mimeType);
      const kind = mediaKindOf(mimeType);
      if (!kind) {
        throw new MetaRejection(131053, {
          details: `Param file must be a file with one of the following types: ${SUPPORTED_MIME_TYPES.join(', ')}. Received file of type '${mimeType}'.`,
        });
      }
      if (form.type && form.file.mimeType !== 'application/octet-stream' && baseMimeType(form.file.mimeType) !== mimeType) {
        throw new MetaRejection(131053, {
          details: `The type field (${mimeType}) does not match the file's content type (${form.file.mimeType}).`,
        });
      }
      if (form.file.bytes.length > kind.maxBytes) {
        throw new MetaRejection(131053, {
          details: `File of ${form.file.bytes.length} bytes exceeds the ${kind.maxBytes}-byte limit for ${mimeType}.`,
        });
      }
      const stored = this.media.add({
        id: this.ids.numeric(),
        phoneNumberId,
        mimeType,
        bytes: form.file.bytes,
        filename: form.file.filename,
        uploadedAtMs: this.clock.now(),
      });
      this.stats.mediaUploads++;
      return ok({ id: stored.id });
    } catch (error) {
      if (error instanceof MetaRejection) return refused(error);
      if (isFileTooLarge(error))
        return refused(
          new MetaRejection(131053, {
            details: 'The file exceeds the largest size Meta accepts (100 MB).',
          }),
        );
      throw error;
    }
  }

  isMedia(id: string): boolean {
    return this.media.get(id) !== undefined;
  }

  /** `GET /{media-id}`: a download URL valid five minutes. */
  retrieve(authorization: string | undefined, mediaId: string, phoneNumberIdFilter: string | undefined, origin: string): GraphAnswer {
    const media = this.authorized(authorization, mediaId, phoneNumberIdFilter, 'get');
    if (media instanceof MetaRejection) return refused(media);
    const expiresAtSec = Math.floor((this.clock.now() + MEDIA_URL_TTL_MS) / 1000);
    const url = `${origin}/_media/${media.id}?mid=${media.id}&ext=${expiresAtSec}&hash=${this.signer.sign(media.id, expiresAtSec)}`;
    return ok({
      messaging_product: 'whatsapp',
      url,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: String(media.bytes.length),
      id: media.id,
    });
  }

  delete(authorization: string | undefined, mediaId: string, phoneNumberIdFilter: string | undefined): GraphAnswer {
    const media = this.authorized(authorization, mediaId, phoneNumberIdFilter, 'delete');
    if (media instanceof MetaRejection) return refused(media);
    this.media.delete(media.id);
    return ok({ success: true });
  }

  /** The bytes behind a URL from `retrieve`: the Bearer token is required, an expired or forged URL is a 404. */
  download(authorization: string | undefined, mediaId: string, expires: string | undefined, hash: string | undefined): MediaDownload {
    const media = this.media.get(mediaId);
    const valid = media !== undefined && hash !== undefined && this.signer.isValid(mediaId, Number(expires), hash, this.clock.now());
    if (!valid)
      return {
        kind: 'refused',
        rejection: new MetaRejection(100, {
          httpStatus: 404,
          withoutErrorData: true,
          message: 'The media URL is expired or invalid: ask GET /{media-id} for a new one.',
        }),
      };
    const token = bearerToken(authorization);
    const owner = this.registry.get(media.phoneNumberId);
    if (token === undefined || owner === undefined || !this.registry.tokenAllowedOnWaba(token, owner.settings.wabaId))
      return { kind: 'refused', rejection: invalidToken() };
    return { kind: 'file', media };
  }

  // Media belongs to the number that uploaded it; any token of that number's WABA may use it.
  private authorized(authorization: string | undefined, mediaId: string, phoneNumberIdFilter: string | undefined, method: string): StoredMedia | MetaRejection {
    const token = bearerToken(authorization);
    if (token === undefined || !this.registry.isKnownToken(token)) return invalidToken();
    const media = this.media.get(mediaId);
    const owner = media && this.registry.get(media.phoneNumberId);
    if (!media || !owner || !this.registry.tokenAllowedOnWaba(token, owner.settings.wabaId)) return unsupportedRequest(method, mediaId);
    if (phoneNumberIdFilter !== undefined && phoneNumberIdFilter !== media.phoneNumberId) return unsupportedRequest(method, mediaId);
    return media;
  }
}

async function readForm(request: FastifyRequest): Promise<UploadedForm> {
  const form: UploadedForm = {};
  if (!request.isMultipart()) return form;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file' && !form.file)
        form.file = {
          bytes,
          mimeType: part.mimetype,
          filename: part.filename || undefined,
        };
    } else if (part.fieldname === 'messaging_product') {
      form.messagingProduct = String(part.value);
    } else if (part.fieldname === 'type') {
      form.type = String(part.value);
    }
  }
  return form;
}

function isFileTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
}
