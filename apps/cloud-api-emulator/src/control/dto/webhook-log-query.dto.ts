import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** As many rows as the outbox answers at once. */
export const WEBHOOK_LOG_MAX_LIMIT = 20_000;

/** `GET /_emulator/webhooks?phoneNumberId=…&limit=…` */
export class WebhookLogQueryDto {
  @IsOptional()
  @IsString()
  phoneNumberId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(WEBHOOK_LOG_MAX_LIMIT)
  limit?: number;
}
