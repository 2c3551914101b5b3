import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class TextDto {
  @ApiProperty({ maxLength: 4096 })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  body!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  preview_url?: boolean;
}

export class LocationDto {
  @ApiProperty() @IsNumber() @Min(-90) @Max(90) latitude!: number;
  @ApiProperty() @IsNumber() @Min(-180) @Max(180) longitude!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) address?: string;
}

export class ReactionDto {
  @ApiProperty({ description: 'wamid of a message the customer sent' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  message_id!: string;

  @ApiProperty({ description: 'One emoji; an empty string removes the reaction' })
  @IsString()
  @MaxLength(16)
  emoji!: string;
}

export class ContextDto {
  @ApiProperty({ description: 'wamid of the message this one replies to' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  message_id!: string;
}
