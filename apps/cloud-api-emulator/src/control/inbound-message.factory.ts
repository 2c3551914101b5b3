import { InboundDto } from './dto/inbound.dto';

const UNSUPPORTED_ERROR = {
  code: 131051,
  title: 'Message type unknown',
  message: 'Message type unknown',
  error_data: { details: 'Message type is currently not supported.' },
};

/** A `messages[]` item of an inbound webhook in Meta's shape (whatsapp-cloud-api.md §4.4, §4.5). */
export function inboundMessage(dto: InboundDto, id: string, timestampSec: number): Record<string, unknown> {
  const message: Record<string, unknown> = {
    from: dto.from.replace(/^\+/, ''),
    id,
    timestamp: String(timestampSec),
    type: dto.type,
  };
  if (dto.context) message['context'] = dto.context;
  const typeObject = (dto as unknown as Record<string, unknown>)[dto.type];
  if (typeObject !== undefined) message[dto.type] = typeObject;
  if (dto.referral) message['referral'] = dto.referral;
  if (dto.errors) message['errors'] = dto.errors;
  else if (dto.type === 'unsupported') message['errors'] = [UNSUPPORTED_ERROR];
  return message;
}

/** `contacts[]` of an inbound webhook: present for every type except `system` (§4.3). */
export function inboundContacts(dto: InboundDto): Record<string, unknown>[] | undefined {
  if (dto.type === 'system') return undefined;
  const waId = dto.from.replace(/^\+/, '');
  return [
    {
      profile: { name: dto.profileName ?? `Customer ${waId.slice(-4)}` },
      wa_id: waId,
    },
  ];
}

/** Types whose object is required in the request (request_welcome has none; unsupported gets a default). */
export function missingTypeObject(dto: InboundDto): boolean {
  if (dto.type === 'request_welcome' || dto.type === 'unsupported') return false;
  return (dto as unknown as Record<string, unknown>)[dto.type] === undefined;
}
