import { Controller, Get, Query, UseFilters, UsePipes } from '@nestjs/common';
import { Outbox, OutboxRow } from '../state/outbox';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { controlValidation } from './control-error';
import { OutboxQueryDto } from './dto/outbox-query.dto';
import { ControlExceptionFilter } from './control-exception.filter';

const DEFAULT_LIMIT = 1000;

/** `GET /_emulator/outbox`: what the platform sent, oldest first, with the emulator's verdicts. */
@UseFilters(ControlExceptionFilter)
@Controller('_emulator/outbox')
@UsePipes(controlValidation)
export class OutboxController {
  constructor(
    private readonly outbox: Outbox,
    private readonly registry: PhoneNumberRegistry,
  ) {}

  @Get()
  list(@Query() query: OutboxQueryDto): { data: OutboxRow[] } {
    return {
      data: this.outbox.query(this.registry.all(), {
        phoneNumberId: query.phoneNumberId,
        to: query.to,
        limit: query.limit ?? DEFAULT_LIMIT,
      }),
    };
  }
}
