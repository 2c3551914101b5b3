import { NumberSettings } from './number-settings';
import { NumberState } from './number-state';

/** The registered business numbers and which access token may touch which number or WABA. */
export class PhoneNumberRegistry {
  private readonly numbers = new Map<string, NumberState>();

  /** Adds the number, or updates it in place (idempotent re-registration). */
  register(settings: NumberSettings): { state: NumberState; created: boolean } {
    const existing = this.numbers.get(settings.phoneNumberId);
    if (existing) {
      existing.update(settings);
      return { state: existing, created: false };
    }
    const state = new NumberState(settings);
    this.numbers.set(settings.phoneNumberId, state);
    return { state, created: true };
  }

  get(phoneNumberId: string): NumberState | undefined {
    return this.numbers.get(phoneNumberId);
  }

  remove(phoneNumberId: string): boolean {
    return this.numbers.delete(phoneNumberId);
  }

  all(): NumberState[] {
    return [...this.numbers.values()];
  }

  ofWaba(wabaId: string): NumberState[] {
    return this.all().filter((state) => state.settings.wabaId === wabaId);
  }

  hasWaba(wabaId: string): boolean {
    return this.all().some((state) => state.settings.wabaId === wabaId);
  }

  /** Whether Graph would parse this token at all (otherwise 190). */
  isKnownToken(token: string): boolean {
    for (const state of this.numbers.values()) if (state.settings.accessToken === token) return true;
    return false;
  }

  /** WABA-level calls (templates, phone_numbers) accept the token of any number of that WABA. */
  tokenAllowedOnWaba(token: string, wabaId: string): boolean {
    for (const state of this.numbers.values()) if (state.settings.wabaId === wabaId && state.settings.accessToken === token) return true;
    return false;
  }

  clear(): void {
    this.numbers.clear();
  }
}
