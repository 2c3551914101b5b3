import { invalidValue } from '../errors/meta-rejection';

// Meta tolerates these in `to`; anything else is not a phone number.
const TOLERATED = /[+\-() ]/g;
const WA_ID = /^\d{8,15}$/;

/** The digits of `to` (Meta's `wa_id`), or 131009 when it cannot be a WhatsApp number. */
export function recipientWaId(to: string): string {
  const digits = to.replace(TOLERATED, '');
  if (!WA_ID.test(digits)) {
    throw invalidValue(
      `Invalid parameter to: '${to}' is not a valid phone number (expected 8 to 15 digits, optionally with +, spaces, dashes or parentheses).`,
    );
  }
  return digits;
}

/** The same digits, or null: for lookups where a malformed number simply matches nothing. */
export function digitsOnly(phone: string): string {
  return phone.replace(/\D/g, '');
}
