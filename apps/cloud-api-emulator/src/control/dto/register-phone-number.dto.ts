import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Min, MinLength, ValidateNested } from 'class-validator';

const ID = /^[A-Za-z0-9_.-]{1,64}$/;

export class PairRateLimitDto {
  @IsInt()
  @Min(1)
  capacity: number;

  @IsNumber()
  @Min(1)
  refillIntervalMs: number;
}

/** Each delay is in ms after acceptance; null turns that status off. */
export class StatusDelaysDto {
  @IsOptional()
  @IsNumber()
  @Min(0)
  sent?: number | null;

  @IsOptional()
  @IsNumber()
  @Min(0)
  delivered?: number | null;

  @IsOptional()
  @IsNumber()
  @Min(0)
  read?: number | null;
}

/** `POST /_emulator/phone-numbers` (architecture.md, contract of the emulator). */
export class RegisterPhoneNumberDto {
  @Matches(ID, {
    message: 'phoneNumberId must be 1-64 letters, digits, dots, dashes or underscores',
  })
  phoneNumberId: string;

  @Matches(ID, {
    message: 'wabaId must be 1-64 letters, digits, dots, dashes or underscores',
  })
  wabaId: string;

  @IsString()
  @MinLength(1)
  accessToken: string;

  @IsString()
  @MinLength(1)
  appSecret: string;

  @IsUrl(
    {
      require_tld: false,
      require_protocol: true,
      protocols: ['http', 'https'],
    },
    { message: 'webhookUrl must be an http(s) URL' },
  )
  webhookUrl: string;

  @IsString()
  verifyToken: string;

  @IsNumber()
  @Min(1)
  throughputMps: number;

  @IsOptional()
  @IsString()
  displayPhoneNumber?: string;

  @IsOptional()
  @IsString()
  verifiedName?: string;

  @IsOptional()
  @IsIn(['GREEN', 'YELLOW', 'RED', 'UNKNOWN'])
  qualityRating?: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

  @IsOptional()
  @ValidateNested()
  @Type(() => PairRateLimitDto)
  pairRateLimit?: PairRateLimitDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => StatusDelaysDto)
  statusDelaysMs?: StatusDelaysDto;

  @IsOptional()
  @IsArray()
  @Matches(/^\+?[\d\s()-]{8,20}$/, {
    each: true,
    message: 'notOnWhatsApp must list phone numbers',
  })
  notOnWhatsApp?: string[];

  @IsOptional()
  @IsNumber()
  @Min(0)
  templateApprovalDelayMs?: number | null;
}
