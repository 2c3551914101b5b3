// The "max" metadata knows each country's number ranges, so it can tell a real
// mobile number from one of the right length; the default "min" set cannot.
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber as ParsedNumber } from 'libphonenumber-js/max';
import { InvalidPhoneNumberError, type PhoneNumberProblem } from './domain-error';

export interface PhoneNumber {
  /** `+` and digits, e.g. `+2348031234567`. */
  e164: string;
  /** Digits only, Meta's `wa_id` form, e.g. `2348031234567`. Meta's own wa_id may differ for BR and MX. */
  waId: string;
  /** ISO 3166-1 alpha-2, or null for non-geographic numbers (+800, +882…). */
  country: string | null;
}

// Formatting people type: spaces, dashes, dots, slashes, parentheses and one leading + (also written "(+44)").
const ALLOWED = /^\(?\+?[\d\s\-./()]+$/;

/**
 * Validates a phone number and writes it in E.164 and in Meta's wa_id form, or
 * throws InvalidPhoneNumberError with a sentence saying what is wrong.
 *
 * Digits without `+` or `00` are read as a national number of `defaultCountry`
 * when one is given, and otherwise as already carrying their country code (the
 * wa_id form Meta uses everywhere).
 */
export function normalizePhoneNumber(input: string, defaultCountry?: string): PhoneNumber {
  const text = typeof input === 'string' ? input.trim() : '';
  const digits = text.replace(/\D/g, '');
  if (text === '') {
    throw refuse(text, 'empty', 'The phone number is empty: write it with its country code, for example +2348031234567.');
  }
  if (!ALLOWED.test(text) || digits === '') {
    throw refuse(
      text,
      'invalid_characters',
      `"${text}" is not a phone number: use only digits, spaces, dashes, dots, parentheses and a leading +.`,
    );
  }
  const country = defaultCountry?.trim().toUpperCase();
  if (country !== undefined && !isSupportedCountry(country)) {
    throw refuse(text, 'unknown_country', `"${defaultCountry}" is not a country code we know: use two letters such as NG, BR or US.`);
  }

  // 00 is the international prefix in most of the world; libphonenumber only
  // understands it when the default country happens to use it.
  const prefixed = /^\(?\+/.test(text) || digits.startsWith('00');
  const candidate = prefixed || country === undefined ? `+${digits.replace(/^00/, '')}` : digits;
  const nationalOf = prefixed ? undefined : country;
  const parsed = parsePhoneNumberFromString(candidate, nationalOf);
  const valid = parsed && (parsed.isValid() ? parsed : repairOldMobileFormat(parsed));
  if (valid) return toPhoneNumber(valid);
  throw explain(text, candidate, nationalOf, prefixed || country !== undefined);
}

/**
 * Meta's wa_id (digits) as E.164. Lenient on purpose: Meta has already vouched
 * for the number, and our copy of the numbering plan may lag behind a new range,
 * so only the shape is checked. Brazilian wa_ids without the 9th digit and
 * Mexican ones with the old `1` after 52 are written as today's number.
 */
export function waIdToE164(waId: string): string {
  const text = typeof waId === 'string' ? waId.trim() : '';
  if (!/^\d+$/.test(text)) {
    throw refuse(
      text,
      text === '' ? 'empty' : 'invalid_characters',
      `"${text}" is not a wa_id: a wa_id is digits only, country code first.`,
    );
  }
  // E.164 allows at most 15 digits; the shortest numbers in use have 7 with their country code.
  if (text.length < 7) throw refuse(text, 'too_short', `"${text}" is too short to be a wa_id.`);
  if (text.length > 15) throw refuse(text, 'too_long', `"${text}" is too long to be a wa_id: E.164 numbers have at most 15 digits.`);
  const parsed = parsePhoneNumberFromString(`+${text}`);
  const repaired = parsed && !parsed.isValid() ? repairOldMobileFormat(parsed) : null;
  return repaired ? repaired.number : `+${text}`;
}

/**
 * Numbers in formats that were retired but that people and Meta still use:
 * Brazilian mobiles without the 9th digit (added 2012–2016) and Mexican mobiles
 * with a `1` after the country code (dropped in 2019). Returns today's form if
 * that one is valid.
 */
function repairOldMobileFormat(parsed: ParsedNumber): ParsedNumber | null {
  const national = parsed.nationalNumber;
  let repaired: string | null = null;
  if (parsed.countryCallingCode === '55' && national.length === 10 && /^[1-9]{2}[6-9]/.test(national)) {
    repaired = `+55${national.slice(0, 2)}9${national.slice(2)}`;
  } else if (parsed.countryCallingCode === '52' && national.length === 11 && national.startsWith('1')) {
    repaired = `+52${national.slice(1)}`;
  }
  const fixed = repaired ? parsePhoneNumberFromString(repaired) : undefined;
  return fixed?.isValid() ? fixed : null;
}

function toPhoneNumber(parsed: ParsedNumber): PhoneNumber {
  return { e164: parsed.number, waId: parsed.number.slice(1), country: parsed.country ?? null };
}

function explain(text: string, candidate: string, country: CountryCode | undefined, knowsCountry: boolean): InvalidPhoneNumberError {
  const length = validatePhoneNumberLength(candidate, country);
  const where = country ? ` in ${country}` : '';
  if (length === 'TOO_SHORT' || length === 'NOT_A_NUMBER') {
    return refuse(text, 'too_short', `"${text}" is too short to be a phone number${where}.`);
  }
  if (!knowsCountry || length === 'INVALID_COUNTRY') {
    return refuse(
      text,
      'missing_country_code',
      `"${text}" has no country code we recognise: write it as + and the country code (for example +234 803 123 4567), or set a default country.`,
    );
  }
  if (length === 'TOO_LONG') {
    return refuse(text, 'too_long', `"${text}" is too long to be a phone number${where}.`);
  }
  return refuse(text, 'invalid_number', `"${text}" is not a valid phone number${where}: check the digits.`);
}

function refuse(input: string, reason: PhoneNumberProblem, message: string): InvalidPhoneNumberError {
  return new InvalidPhoneNumberError(input, reason, message);
}

/** A search filter's phone in E.164 when it parses, else the text as given (a filter never fails on a partial number). */
export function e164OrAsGiven(input: string): string {
  try {
    return normalizePhoneNumber(input).e164;
  } catch {
    return input;
  }
}
