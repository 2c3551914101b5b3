import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';

export class WebhookFaultsDto {
  @IsOptional() @IsNumber() @Min(0) @Max(1) duplicateRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) dropRate?: number;
  @IsOptional() @IsBoolean() reorder?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(60_000) reorderWindowMs?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) batchSize?: number;
  @IsOptional() @IsInt() @Min(0) @Max(60_000) batchWindowMs?: number;
  @IsOptional() @IsInt() @Min(1) @Max(60_000) retryBaseMs?: number;
  @IsOptional() @IsInt() @Min(1) @Max(100) maxAttempts?: number;
  @IsOptional() @IsInt() @Min(1) @Max(120_000) timeoutMs?: number;
}

/** `POST /_emulator/faults`: replaces the active faults (anything omitted is off). */
export class FaultsDto {
  @IsOptional() @IsInt() @Min(0) seed?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) http5xxRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) timeoutRate?: number;
  @IsOptional() @IsInt() @Min(1) @Max(600_000) timeoutMs?: number;
  /** {"131000": 0.1}: share of sends refused with each code. */
  @IsOptional() @IsObject() errorCodes?: Record<string, number>;
  /** {"131026": 0.05}: share of accepted sends that later fail with each code. */
  @IsOptional() @IsObject() failedStatusCodes?: Record<string, number>;
  @IsOptional() @IsInt() @Min(0) @Max(60_000) latencyMs?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookFaultsDto)
  webhook?: WebhookFaultsDto;
}
