import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseFilters, UsePipes } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { controlValidation } from './control-error';
import { RegisterPhoneNumberDto } from './dto/register-phone-number.dto';
import { PhoneNumberRegistrationService } from './phone-number-registration.service';
import { VerificationResult, WebhookVerificationService } from './webhook-verification.service';
import { ControlExceptionFilter } from './control-exception.filter';

/** `/_emulator/phone-numbers`: the business numbers the emulator plays Meta for. */
@UseFilters(ControlExceptionFilter)
@Controller('_emulator/phone-numbers')
@UsePipes(controlValidation)
export class PhoneNumbersController {
  constructor(
    private readonly registration: PhoneNumberRegistrationService,
    private readonly verification: WebhookVerificationService,
  ) {}

  /** 201 when new, 200 when an existing number was updated. */
  @Post()
  register(@Body() dto: RegisterPhoneNumberDto, @Res({ passthrough: true }) reply: FastifyReply): Record<string, unknown> {
    const { created, number } = this.registration.register(dto);
    void reply.code(created ? 201 : 200);
    return { ...number, created };
  }

  @Get()
  list(): { data: Record<string, unknown>[] } {
    return { data: this.registration.list() };
  }

  @Delete(':phoneNumberId')
  @HttpCode(200)
  remove(@Param('phoneNumberId') phoneNumberId: string): { success: true } {
    this.registration.remove(phoneNumberId);
    return { success: true };
  }

  /** Meta's callback verification handshake against the number's webhook URL, on demand. */
  @Post(':phoneNumberId/verify-webhook')
  @HttpCode(200)
  verifyWebhook(@Param('phoneNumberId') phoneNumberId: string): Promise<VerificationResult> {
    return this.verification.verify(phoneNumberId);
  }
}
