import { Injectable } from '@nestjs/common';
import { MetaRejection } from '../errors/meta-rejection';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { authorizeNumber, authorizeWaba } from './graph-auth';
import { GraphAnswer, ok, refused } from './graph-answer';
import { phoneNumberView } from './phone-number.view';

/** The phone-number node and the WABA's `phone_numbers` edge (whatsapp-cloud-api.md §7.1). */
@Injectable()
export class PhoneNumberService {
  constructor(private readonly registry: PhoneNumberRegistry) {}

  isNumber(id: string): boolean {
    return this.registry.get(id) !== undefined;
  }

  get(authorization: string | undefined, phoneNumberId: string, fields: string | undefined): GraphAnswer {
    const number = authorizeNumber(this.registry, authorization, phoneNumberId, 'get');
    if (number instanceof MetaRejection) return refused(number);
    return this.answer(() => phoneNumberView(number.settings, fields));
  }

  listOfWaba(authorization: string | undefined, wabaId: string, fields: string | undefined): GraphAnswer {
    const denied = authorizeWaba(this.registry, authorization, wabaId, 'get');
    if (denied) return refused(denied);
    return this.answer(() => ({
      data: this.registry.ofWaba(wabaId).map((number) => phoneNumberView(number.settings, fields)),
    }));
  }

  private answer(build: () => unknown): GraphAnswer {
    try {
      return ok(build());
    } catch (error) {
      if (error instanceof MetaRejection) return refused(error);
      throw error;
    }
  }
}
