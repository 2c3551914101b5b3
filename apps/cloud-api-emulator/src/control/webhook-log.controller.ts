import { Controller, Get, Query, UseFilters, UsePipes } from '@nestjs/common';
import { WebhookLog, WebhookLogRow } from '../state/webhook-log';
import { controlValidation } from './control-error';
import { WebhookLogQueryDto } from './dto/webhook-log-query.dto';
import { ControlExceptionFilter } from './control-exception.filter';

const DEFAULT_LIMIT = 1000;

/** `GET /_emulator/webhooks`: the webhook POSTs the endpoint accepted, oldest first, with what each carried. */
@UseFilters(ControlExceptionFilter)
@Controller('_emulator/webhooks')
@UsePipes(controlValidation)
export class WebhookLogController {
  constructor(private readonly webhookLog: WebhookLog) {}

  @Get()
  list(@Query() query: WebhookLogQueryDto): { data: WebhookLogRow[] } {
    return {
      data: this.webhookLog.query({
        phoneNumberId: query.phoneNumberId,
        limit: query.limit ?? DEFAULT_LIMIT,
      }),
    };
  }
}
