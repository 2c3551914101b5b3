import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { OUTBOX_CAPACITY_PER_NUMBER } from '../../state/number-state';

/** `GET /_emulator/outbox?phoneNumberId=…&to=…&limit=…` */
export class OutboxQueryDto {
  @IsOptional()
  @IsString()
  phoneNumberId?: string;

  @IsOptional()
  @IsString()
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(OUTBOX_CAPACITY_PER_NUMBER)
  limit?: number;
}
