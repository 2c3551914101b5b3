import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class ContactNameDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) formatted_name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) last_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) middle_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) suffix?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) prefix?: string;
}

export class ContactPhoneDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) wa_id?: string;
}

export class ContactEmailDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(320) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) type?: string;
}

export class ContactUrlDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2048) url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) type?: string;
}

export class ContactAddressDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) street?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) city?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) zip?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) country?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2) country_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) type?: string;
}

export class ContactOrgDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) company?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) department?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) title?: string;
}

/** One contact card (whatsapp-cloud-api.md §2.5): only name.formatted_name is required. */
export class ContactCardDto {
  @ApiProperty({ type: ContactNameDto }) @ValidateNested() @Type(() => ContactNameDto) name!: ContactNameDto;
  @ApiPropertyOptional({ type: [ContactPhoneDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactPhoneDto) phones?: ContactPhoneDto[];
  @ApiPropertyOptional({ type: [ContactEmailDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactEmailDto) emails?: ContactEmailDto[];
  @ApiPropertyOptional({ type: [ContactUrlDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactUrlDto) urls?: ContactUrlDto[];
  @ApiPropertyOptional({ type: [ContactAddressDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactAddressDto) addresses?: ContactAddressDto[];
  @ApiPropertyOptional({ type: ContactOrgDto }) @IsOptional() @ValidateNested() @Type(() => ContactOrgDto) org?: ContactOrgDto;
  @ApiPropertyOptional({ example: '1990-01-31' }) @IsOptional() @IsString() @MaxLength(10) birthday?: string;
}
