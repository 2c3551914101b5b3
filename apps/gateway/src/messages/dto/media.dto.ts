import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const HTTP_URL = /^https?:\/\/\S+$/i;

/** Media by uploaded id or by public link (exactly one: checked by the message rules). */
export class MediaDto {
  @ApiPropertyOptional({ description: 'Uploaded media id' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  id?: string;

  @ApiPropertyOptional({ description: 'Public http(s) URL that Meta fetches' })
  @IsOptional()
  @Matches(HTTP_URL, { message: 'link must be an http(s) URL' })
  @MaxLength(2048)
  link?: string;

  @ApiPropertyOptional({ description: 'image, video and document only; at most 1024 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  caption?: string;

  @ApiPropertyOptional({ description: 'document only' })
  @IsOptional()
  @IsString()
  @MaxLength(240)
  filename?: string;

  @ApiPropertyOptional({ description: 'audio only: render as a voice note' })
  @IsOptional()
  @IsBoolean()
  voice?: boolean;
}
