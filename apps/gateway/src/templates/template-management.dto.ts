import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, ValidateBy, ValidationOptions } from 'class-validator';
import { TEMPLATE_CATEGORIES, TEMPLATE_LANGUAGE_PATTERN, TEMPLATE_NAME_PATTERN, type TemplateValues } from '@wabus/domain';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

/** `POST /v1/templates`: a template in Meta's definition shape (uppercase component types, §5.3), forwarded to Meta. */
export class CreateTemplateDto {
  @ApiProperty({ description: "The channel whose WhatsApp Business Account gets the template, and whose token is used" })
  @IsUUID()
  channelId!: string;

  @ApiProperty({ example: 'order_update', description: 'Lowercase letters, digits and underscores' })
  @IsString()
  @Matches(TEMPLATE_NAME_PATTERN, { message: 'name must be lowercase letters, digits and underscores (at most 512)' })
  name!: string;

  @ApiProperty({ example: 'en_US' })
  @IsString()
  @Matches(TEMPLATE_LANGUAGE_PATTERN, { message: 'language must be a locale code such as en, en_US or pt_BR' })
  language!: string;

  @ApiProperty({ enum: TEMPLATE_CATEGORIES })
  @Transform(upper)
  @IsIn(TEMPLATE_CATEGORIES)
  category!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: "Meta's components: HEADER, BODY, FOOTER, BUTTONS, with example values for variables",
    example: [{ type: 'BODY', text: 'Order {{1}} is {{2}}.', example: { body_text: [['#42', 'shipped']] } }],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  components!: Record<string, unknown>[];

  @ApiPropertyOptional({ enum: ['POSITIONAL', 'NAMED'], description: 'NAMED for {{first_name}}-style variables' })
  @IsOptional()
  @Transform(upper)
  @IsIn(['POSITIONAL', 'NAMED'])
  parameterFormat?: 'POSITIONAL' | 'NAMED';

  @ApiPropertyOptional({ description: 'Let Meta assign another category instead of rejecting the template' })
  @IsOptional()
  @IsBoolean()
  allowCategoryChange?: boolean;
}

export class TemplateDeleteQueryDto {
  @ApiPropertyOptional({ description: "Whose token to use; by default an active channel of the template's WhatsApp Business Account" })
  @IsOptional()
  @IsUUID()
  channelId?: string;
}

function IsTemplateValues(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTemplateValues',
      validator: {
        validate: (value: unknown) => {
          if (Array.isArray(value)) return value.length <= 100 && value.every((item) => typeof item === 'string');
          return typeof value === 'object' && value !== null && Object.values(value).every((item) => typeof item === 'string');
        },
        defaultMessage: (args) => `${args?.property ?? 'the value'} must be a list of strings (for {{1}}, {{2}}, …) or an object of strings by variable name`,
      },
    },
    options,
  );
}

/** `POST /v1/templates/:id/preview`: values per component, or the `components` of a send. */
export class PreviewTemplateDto {
  @ApiPropertyOptional({ description: 'Header variables: a list for {{1}} or an object by name', example: ['#42'] })
  @IsOptional()
  @IsTemplateValues()
  header?: TemplateValues;

  @ApiPropertyOptional({ description: 'Body variables: a list for {{1}}, {{2}}, … or an object by name', example: ['Ada', '#42'] })
  @IsOptional()
  @IsTemplateValues()
  body?: TemplateValues;

  @ApiPropertyOptional({ description: 'By button index: the URL suffix, coupon or one-time code, or quick-reply payload', example: { '0': 'order-42' } })
  @IsOptional()
  @IsTemplateValues()
  buttons?: Record<string, string>;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Instead of the above: the template components of a send, as POST /v1/messages takes them' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  components?: Record<string, unknown>[];

  @ApiPropertyOptional({ description: "Fill variables left without a value with the examples Meta reviewed" })
  @IsOptional()
  @IsBoolean()
  useExamples?: boolean;
}

export class TemplatePreviewButtonView {
  @ApiProperty() index!: number;
  @ApiProperty({ description: 'QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, …' }) type!: string;
  @ApiProperty({ nullable: true, type: String }) text!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A URL button with its suffix filled in' }) url!: string | null;
  @ApiProperty({ nullable: true, type: String }) phoneNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) value!: string | null;
}

export class TemplatePreviewTextView {
  @ApiProperty({ nullable: true, type: String }) header!: string | null;
  @ApiProperty({ nullable: true, type: String }) body!: string | null;
  @ApiProperty({ nullable: true, type: String }) footer!: string | null;
  @ApiProperty({ type: [TemplatePreviewButtonView] }) buttons!: TemplatePreviewButtonView[];
}

export class TemplateProblemView {
  @ApiProperty({ example: 'template_parameter_count' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ description: 'The Cloud API error Meta would answer with' }) metaCode!: number;
  @ApiProperty({ enum: ['template', 'header', 'body', 'button'] }) component!: string;
}

export class TemplatePreviewView {
  @ApiProperty() templateId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() language!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: TemplatePreviewTextView }) text!: TemplatePreviewTextView;
  @ApiProperty({ nullable: true, type: String, description: 'TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION' }) headerFormat!: string | null;
  @ApiProperty({ type: [String], description: 'Variables without a value, e.g. "body {{2}}"' }) missing!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The template components of a send with these values' })
  components!: unknown[];
  @ApiProperty({ type: [TemplateProblemView], description: 'What the pre-send check would refuse' }) problems!: TemplateProblemView[];
  @ApiProperty({ description: 'True when a message with these components passes the pre-send check' }) sendable!: boolean;
}
