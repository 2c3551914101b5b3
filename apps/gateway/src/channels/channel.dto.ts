import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const DIGITS = /^\d{5,20}$/;
const GRAPH_VERSION = /^v\d+\.\d+$/;
const HTTP_URL = /^https?:\/\/[^\s/$.?#].[^\s]*$/i;

export class CreateChannelDto {
  @ApiProperty({ example: 'Support line' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ description: "Meta's phone number id", example: '106540352242922' })
  @Matches(DIGITS, { message: 'phoneNumberId must be the numeric id Meta gives the phone number' })
  phoneNumberId!: string;

  @ApiProperty({ description: 'WhatsApp Business Account id', example: '102290129340398' })
  @Matches(DIGITS, { message: 'wabaId must be the numeric WhatsApp Business Account id' })
  wabaId!: string;

  @ApiProperty({ description: 'System-user access token (write-only: never returned)', writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(4096)
  accessToken!: string;

  @ApiProperty({ description: "The Meta app's secret, used to check X-Hub-Signature-256 (write-only)", writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(512)
  appSecret!: string;

  @ApiProperty({ description: "The token Meta echoes in the webhook verification handshake (write-only)", writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(512)
  verifyToken!: string;

  @ApiPropertyOptional({ example: 'v23.0', default: 'v23.0' })
  @IsOptional()
  @Matches(GRAPH_VERSION, { message: 'apiVersion must look like v23.0' })
  apiVersion?: string;

  @ApiPropertyOptional({ example: 'https://graph.facebook.com', default: 'https://graph.facebook.com' })
  @IsOptional()
  @Matches(HTTP_URL, { message: 'graphBaseUrl must be an http(s) URL' })
  @MaxLength(2048)
  graphBaseUrl?: string;

  @ApiPropertyOptional({ description: 'Messages per second Meta allows this number (80 by default, up to 1000)', default: 80 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  throughputMps?: number;

  @ApiPropertyOptional({ example: '15550783881' })
  @IsOptional()
  @Matches(/^\+?\d{5,20}$/, { message: 'displayPhoneNumber must be digits, optionally with a leading +' })
  displayPhoneNumber?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateChannelDto extends PartialType(CreateChannelDto) {}

/** A channel as the API shows it: secrets are write-only and never leave wabus. */
export class ChannelView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() phoneNumberId!: string;
  @ApiProperty() wabaId!: string;
  @ApiProperty({ nullable: true, type: String }) displayPhoneNumber!: string | null;
  @ApiProperty() apiVersion!: string;
  @ApiProperty() graphBaseUrl!: string;
  @ApiProperty() throughputMps!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Paste this into the Meta app as the callback URL' }) webhookUrl!: string;
  @ApiProperty({ description: 'Which secrets are set (their values are never returned)' })
  secrets!: { accessToken: boolean; appSecret: boolean; verifyToken: boolean };
  @ApiProperty({ nullable: true, type: String }) lastTemplateSyncAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastTemplateSyncError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
