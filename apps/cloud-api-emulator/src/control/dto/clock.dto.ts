import { IsInt, Min } from 'class-validator';

/** `POST /_emulator/clock`: move the emulator's time forward (24-hour windows, pair buckets, media URLs). */
export class AdvanceClockDto {
  @IsInt()
  @Min(0)
  advanceMs: number;
}
