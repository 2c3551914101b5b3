import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../api/page-query.dto';

export class ContactView {
  @ApiProperty() id!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'E.164' }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) waId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Meta's business-scoped user id" }) userId!: string | null;
  @ApiProperty({ nullable: true, type: String }) username!: string | null;
  @ApiProperty({ nullable: true, type: String }) profileName!: string | null;
  @ApiProperty({ type: Object }) attributes!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() optedOut!: boolean;
  @ApiProperty({ nullable: true, type: String }) optedOutAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CreateContactDto {
  @ApiProperty() @IsUUID() channelId!: string;
  @ApiProperty({ description: 'Any common format; stored as E.164' }) @IsString() @MinLength(3) @MaxLength(32) phone!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) profileName?: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() attributes?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) tags?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() optedOut?: boolean;
}

export class UpdateContactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) profileName?: string;
  @ApiPropertyOptional({ type: Object, description: 'Merged into the existing attributes; a null value removes a key' }) @IsOptional() @IsObject() attributes?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String], description: 'Replaces the tags' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) tags?: string[];
  @ApiPropertyOptional({ description: 'Opted-out contacts are never sent messages' }) @IsOptional() @IsBoolean() optedOut?: boolean;
}

export class ContactQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) phone?: string;
  @ApiPropertyOptional({ description: 'Matches the profile name or phone' }) @IsOptional() @IsString() @MaxLength(100) search?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) tag?: string;
}
