import { Injectable } from '@nestjs/common';
import { DEFAULT_PAIR_RATE_LIMIT } from '../limits/pair-rate.limiter';
import { DEFAULT_STATUS_DELAYS, DEFAULT_TEMPLATE_APPROVAL_DELAY_MS, NumberSettings, publicSettings } from '../state/number-settings';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { digitsOnly } from '../validation/recipient';
import { controlError } from './control-error';
import { RegisterPhoneNumberDto } from './dto/register-phone-number.dto';

/** Registers business numbers (idempotent: registering again updates in place, counters and outbox kept). */
@Injectable()
export class PhoneNumberRegistrationService {
  constructor(private readonly registry: PhoneNumberRegistry) {}

  register(dto: RegisterPhoneNumberDto): {
    created: boolean;
    number: Record<string, unknown>;
  } {
    const previous = this.registry.get(dto.phoneNumberId)?.settings;
    const settings = settingsFrom(dto, previous);
    const { created } = this.registry.register(settings);
    return { created, number: publicSettings(settings) };
  }

  list(): Record<string, unknown>[] {
    return this.registry.all().map((number) => publicSettings(number.settings));
  }

  remove(phoneNumberId: string): void {
    if (!this.registry.remove(phoneNumberId)) throw controlError(404, 'unknown_phone_number', `No number ${phoneNumberId} is registered.`);
  }
}

// Optional fields fall back to what the number had, then to the defaults.
function settingsFrom(dto: RegisterPhoneNumberDto, previous: NumberSettings | undefined): NumberSettings {
  const delays = { ...(previous?.statusDelaysMs ?? DEFAULT_STATUS_DELAYS) };
  for (const status of ['sent', 'delivered', 'read'] as const) {
    const value = dto.statusDelaysMs?.[status];
    if (value !== undefined) delays[status] = value;
  }
  return {
    phoneNumberId: dto.phoneNumberId,
    wabaId: dto.wabaId,
    accessToken: dto.accessToken,
    appSecret: dto.appSecret,
    webhookUrl: dto.webhookUrl,
    verifyToken: dto.verifyToken,
    throughputMps: dto.throughputMps,
    displayPhoneNumber: dto.displayPhoneNumber ?? previous?.displayPhoneNumber ?? defaultDisplayNumber(dto.phoneNumberId),
    verifiedName: dto.verifiedName ?? previous?.verifiedName ?? 'wabus emulator',
    qualityRating: dto.qualityRating ?? previous?.qualityRating ?? 'GREEN',
    pairRateLimit: dto.pairRateLimit
      ? {
          capacity: dto.pairRateLimit.capacity,
          refillIntervalMs: dto.pairRateLimit.refillIntervalMs,
        }
      : (previous?.pairRateLimit ?? DEFAULT_PAIR_RATE_LIMIT),
    statusDelaysMs: delays,
    notOnWhatsApp: dto.notOnWhatsApp ? new Set(dto.notOnWhatsApp.map(digitsOnly)) : (previous?.notOnWhatsApp ?? new Set()),
    templateApprovalDelayMs:
      dto.templateApprovalDelayMs !== undefined ? dto.templateApprovalDelayMs : (previous?.templateApprovalDelayMs ?? DEFAULT_TEMPLATE_APPROVAL_DELAY_MS),
  };
}

// A 555 test-style number derived from the id, so two numbers rarely share a display number.
function defaultDisplayNumber(phoneNumberId: string): string {
  const digits = digitsOnly(phoneNumberId).slice(-7).padStart(7, '0');
  return `1555${digits}`;
}
