import { Transform, Type } from 'class-transformer';
import { Allow, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MinLength, ValidateNested } from 'class-validator';
import { TEMPLATE_CATEGORIES, TEMPLATE_STATUSES } from '../../validation/template-definition';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

/** A Meta template object (whatsapp-cloud-api.md §5.1); fields not listed here are kept as given. */
export class TemplateInputDto {
  @IsOptional()
  @IsString()
  id?: string;

  @Matches(/^[a-z0-9_]{1,512}$/, {
    message: 'name must be lowercase letters, digits and underscores',
  })
  name: string;

  @IsString()
  @MinLength(2)
  language: string;

  @Transform(upper)
  @IsIn(TEMPLATE_CATEGORIES)
  category: string;

  @IsOptional()
  @Transform(upper)
  @IsIn(TEMPLATE_STATUSES)
  status?: string;

  @IsOptional()
  @IsIn(['POSITIONAL', 'NAMED'])
  parameter_format?: 'POSITIONAL' | 'NAMED';

  @IsOptional()
  @IsArray()
  components?: Record<string, unknown>[];

  // Other fields of Meta's template object, kept as given (listed so strict whitelisting pipes let them through).
  @Allow() sub_category?: unknown;
  @Allow() quality_score?: unknown;
  @Allow() rejected_reason?: unknown;
  @Allow() previous_category?: unknown;
  @Allow() correct_category?: unknown;
  @Allow() message_send_ttl_seconds?: unknown;
  @Allow() cta_url_link_tracking_opted_out?: unknown;
  @Allow() library_template_name?: unknown;
}

/** `POST /_emulator/templates`. */
export class AddTemplatesDto {
  @IsString()
  @MinLength(1)
  wabaId: string;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => TemplateInputDto)
  templates: TemplateInputDto[];
}

/** `POST /_emulator/templates/status`: Meta's review (or quality system) changes a template's status. */
export class TemplateStatusDto {
  @IsString()
  @MinLength(1)
  wabaId: string;

  @IsString()
  name: string;

  @IsString()
  language: string;

  @Transform(upper)
  @IsIn(TEMPLATE_STATUSES)
  status: string;

  @IsOptional()
  @IsString()
  reason?: string;
}
