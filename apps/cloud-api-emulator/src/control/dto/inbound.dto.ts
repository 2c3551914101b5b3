import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

export const INBOUND_TYPES = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'order',
  'system',
  'request_welcome',
  'unsupported',
] as const;
export type InboundType = (typeof INBOUND_TYPES)[number];

const PHONE = /^\+?\d{8,15}$/;

/**
 * `POST /_emulator/inbound`: a user sends a message. The type object is the
 * one Meta puts in the webhook (`text`, `image`, `location`, …, §4.5), passed
 * through as given.
 */
export class InboundDto {
  @IsString()
  @MinLength(1)
  phoneNumberId: string;

  @Matches(PHONE, {
    message: 'from must be the user’s number: 8 to 15 digits, optionally after +',
  })
  from: string;

  @IsIn(INBOUND_TYPES)
  type: InboundType;

  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;

  @IsOptional()
  @IsObject()
  referral?: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  errors?: Record<string, unknown>[];

  @IsOptional()
  @IsString()
  profileName?: string;

  /** Unix seconds of the message; moves the 24-hour window to that moment. Defaults to the emulator's now. */
  @IsOptional()
  @IsInt()
  @Min(0)
  timestamp?: number;

  /** Reuse a wamid to replay the same message (Meta's duplicate deliveries). */
  @IsOptional()
  @Matches(/^wamid\.\S+$/, { message: 'id must be a wamid (wamid.…)' })
  id?: string;

  /** Deliver the same signed body this many extra times (true = once more). */
  @IsOptional()
  @ValidateIf((dto: InboundDto) => typeof dto.duplicate !== 'boolean')
  @IsInt()
  @Min(0)
  @Max(10)
  duplicate?: boolean | number;

  // The type objects: validated for presence by the service, passed through as Meta's webhook carries them.
  @IsOptional() @IsObject() text?: Record<string, unknown>;
  @IsOptional() @IsObject() image?: Record<string, unknown>;
  @IsOptional() @IsObject() audio?: Record<string, unknown>;
  @IsOptional() @IsObject() video?: Record<string, unknown>;
  @IsOptional() @IsObject() document?: Record<string, unknown>;
  @IsOptional() @IsObject() sticker?: Record<string, unknown>;
  @IsOptional() @IsObject() location?: Record<string, unknown>;
  @IsOptional() @IsArray() contacts?: Record<string, unknown>[];
  @IsOptional() @IsObject() interactive?: Record<string, unknown>;
  @IsOptional() @IsObject() button?: Record<string, unknown>;
  @IsOptional() @IsObject() reaction?: Record<string, unknown>;
  @IsOptional() @IsObject() order?: Record<string, unknown>;
  @IsOptional() @IsObject() system?: Record<string, unknown>;
  @IsOptional() @IsObject() unsupported?: Record<string, unknown>;
}

/** `POST /_emulator/click`: a user taps a reply button or list row of a message we sent. */
export class ClickDto {
  @IsString()
  @MinLength(1)
  phoneNumberId: string;

  @Matches(PHONE, {
    message: 'from must be the user’s number: 8 to 15 digits, optionally after +',
  })
  from: string;

  @Matches(/^wamid\.\S+$/, {
    message: 'messageId must be the wamid of our interactive or template message',
  })
  messageId: string;

  @IsString()
  @MinLength(1)
  buttonId: string;

  @IsOptional()
  @IsBoolean()
  duplicate?: boolean;

  @IsOptional()
  @IsString()
  profileName?: string;
}
