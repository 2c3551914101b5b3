import { Body, Controller, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ClickService } from './click.service';
import { controlValidation } from './control-error';
import { ClickDto, InboundDto } from './dto/inbound.dto';
import { InboundService } from './inbound.service';
import { ControlExceptionFilter } from './control-exception.filter';

/** What users do: write to the business (`inbound`) and tap its buttons (`click`). */
@UseFilters(ControlExceptionFilter)
@Controller('_emulator')
@UsePipes(controlValidation)
export class InboundController {
  constructor(
    private readonly inbound: InboundService,
    private readonly clicks: ClickService,
  ) {}

  @Post('inbound')
  receive(@Body() dto: InboundDto): { id: string } {
    return this.inbound.receive(dto);
  }

  @Post('click')
  click(@Body() dto: ClickDto): { id: string } {
    return this.clicks.click(dto);
  }
}
