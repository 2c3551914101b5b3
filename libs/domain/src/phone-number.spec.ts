import { InvalidPhoneNumberError, type PhoneNumberProblem } from './domain-error';
import { normalizePhoneNumber, waIdToE164 } from './phone-number';

function refusalOf(action: () => unknown): InvalidPhoneNumberError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return error;
    throw error;
  }
  throw new Error('expected the phone number to be refused');
}

describe('normalizePhoneNumber', () => {
  it.each([
    // [input, default country, e164, country]
    ['+1 (650) 253-0000', undefined, '+16502530000', 'US'],
    ['(650) 253-0000', 'US', '+16502530000', 'US'],
    ['650.253.0000', 'us', '+16502530000', 'US'],
    ['011 44 7400 123456', 'US', '+447400123456', 'GB'],
    ['+44 7400 123456', undefined, '+447400123456', 'GB'],
    ['07400 123456', 'GB', '+447400123456', 'GB'],
    ['020 7946 0958', 'GB', '+442079460958', 'GB'],
    ['(+44) 20 7946 0958', undefined, '+442079460958', 'GB'],
    ['+49 1512 3456789', undefined, '+4915123456789', 'DE'],
    ['01512 3456789', 'DE', '+4915123456789', 'DE'],
    ['030/123456', 'DE', '+4930123456', 'DE'],
    ['+91 98765 43210', undefined, '+919876543210', 'IN'],
    ['098765 43210', 'IN', '+919876543210', 'IN'],
    ['+55 11 91234-5678', undefined, '+5511912345678', 'BR'],
    ['(11) 91234-5678', 'BR', '+5511912345678', 'BR'],
    ['+55 11 3456-7890', undefined, '+551134567890', 'BR'],
    ['+52 55 1234 5678', undefined, '+525512345678', 'MX'],
    ['55 1234 5678', 'MX', '+525512345678', 'MX'],
    ['+234 803 123 4567', undefined, '+2348031234567', 'NG'],
    ['0803 123 4567', 'NG', '+2348031234567', 'NG'],
    ['2348031234567', 'NG', '+2348031234567', 'NG'],
    ['+33 6 12 34 56 78', undefined, '+33612345678', 'FR'],
    ['06 12 34 56 78', 'FR', '+33612345678', 'FR'],
    ['0033 6 12 34 56 78', undefined, '+33612345678', 'FR'],
    ['+34 612 34 56 78', undefined, '+34612345678', 'ES'],
    ['612 34 56 78', 'ES', '+34612345678', 'ES'],
    ['+62 812-3456-7890', undefined, '+6281234567890', 'ID'],
    ['0812-3456-7890', 'ID', '+6281234567890', 'ID'],
    ['+27 82 123 4567', undefined, '+27821234567', 'ZA'],
    ['082 123 4567', 'ZA', '+27821234567', 'ZA'],
    ['+971 50 123 4567', undefined, '+971501234567', 'AE'],
    ['050 123 4567', 'AE', '+971501234567', 'AE'],
    ['00971 50 123 4567', 'AE', '+971501234567', 'AE'],
    ['  +61 412 345 678  ', undefined, '+61412345678', 'AU'],
    ['2348031234567', undefined, '+2348031234567', 'NG'],
  ])('reads %j (default country %s) as %s in %s', (input, country, e164, expectedCountry) => {
    expect(normalizePhoneNumber(input, country)).toEqual({ e164, waId: e164.slice(1), country: expectedCountry });
  });

  it.each([
    ['+55 11 8123-4567', undefined, '+5511981234567'],
    ['(21) 8765-4321', 'BR', '+5521987654321'],
    ['+52 1 55 1234 5678', undefined, '+525512345678'],
    ['5215512345678', undefined, '+525512345678'],
  ])("writes the retired mobile format %j as today's number %s (Brazil 9th digit, Mexico 1 after 52)", (input, country, e164) => {
    expect(normalizePhoneNumber(input, country).e164).toBe(e164);
  });

  it('gives no country for a non-geographic number', () => {
    expect(normalizePhoneNumber('+800 1234 5678')).toEqual({ e164: '+80012345678', waId: '80012345678', country: null });
  });

  it.each<[string, string | undefined, PhoneNumberProblem, RegExp]>([
    ['', undefined, 'empty', /empty/],
    ['   ', 'US', 'empty', /empty/],
    ['abc', undefined, 'invalid_characters', /only digits/],
    ['+1 800 FLOWERS', undefined, 'invalid_characters', /not a phone number/],
    ['0803-ABC-4567', 'NG', 'invalid_characters', /not a phone number/],
    ['tel:+16502530000', undefined, 'invalid_characters', /not a phone number/],
    ['+1 650 253 0000 ext. 12', undefined, 'invalid_characters', /not a phone number/],
    ['1+6502530000', undefined, 'invalid_characters', /not a phone number/],
    ['---', undefined, 'invalid_characters', /not a phone number/],
    ['123', undefined, 'too_short', /too short/],
    ['+44 1234', undefined, 'too_short', /too short/],
    ['1234', 'US', 'too_short', /too short to be a phone number in US/],
    ['+1 650 253 0000 99999', undefined, 'too_long', /too long/],
    ['+44 7700 900123', undefined, 'invalid_number', /not a valid phone number/],
    ['(650) 253-0000', undefined, 'missing_country_code', /no country code/],
    ['+999 1234 5678', undefined, 'missing_country_code', /no country code/],
    ['0803 123 4567', 'XX', 'unknown_country', /"XX" is not a country code/],
  ])('refuses %j (default country %s) as %s with a sentence saying why', (input, country, reason, message) => {
    const refusal = refusalOf(() => normalizePhoneNumber(input, country));
    expect(refusal.code).toBe('invalid_phone_number');
    expect(refusal.details.reason).toBe(reason);
    expect(refusal.message).toMatch(message);
    expect(refusal.message).toMatch(/\.$/);
  });

  it('refuses a value that is not text instead of crashing', () => {
    expect(() => normalizePhoneNumber(undefined as unknown as string)).toThrow(InvalidPhoneNumberError);
    expect(() => normalizePhoneNumber(2348031234567 as unknown as string)).toThrow(InvalidPhoneNumberError);
  });
});

describe('waIdToE164', () => {
  it.each([
    ['2348031234567', '+2348031234567'],
    ['16502530000', '+16502530000'],
    ['551181234567', '+5511981234567'],
    ['5511981234567', '+5511981234567'],
    ['5215512345678', '+525512345678'],
    // A range our numbering plan may not know yet: Meta vouches for it, so it is kept.
    ['447700900123', '+447700900123'],
  ])('writes wa_id %s as %s', (waId, e164) => {
    expect(waIdToE164(waId)).toBe(e164);
  });

  it.each<[string, PhoneNumberProblem]>([
    ['', 'empty'],
    ['+2348031234567', 'invalid_characters'],
    ['234 803 123 4567', 'invalid_characters'],
    ['123456', 'too_short'],
    ['1234567890123456', 'too_long'],
  ])('refuses %j as a wa_id (%s)', (waId, reason) => {
    const refusal = refusalOf(() => waIdToE164(waId));
    expect(refusal.details).toEqual({ input: waId, reason });
    expect(refusal.message).toMatch(/wa_id/);
  });
});
