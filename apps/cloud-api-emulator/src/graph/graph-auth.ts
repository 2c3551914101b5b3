import { invalidToken, MetaRejection, unsupportedRequest } from '../errors/meta-rejection';
import { NumberState } from '../state/number-state';
import { PhoneNumberRegistry } from '../state/phone-number.registry';

const VERSION = /^v\d+\.\d+$/;

export function isGraphVersion(version: string): boolean {
  return VERSION.test(version);
}

/** `v21.0` → 21; Meta changed webhook shapes at v24.0. */
export function graphMajorVersion(version: string): number {
  return Number.parseInt(version.slice(1), 10);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : undefined;
}

/**
 * The number a phone-number call may touch: 190 when Graph cannot parse the
 * token at all, 100/33 when the number is unknown or the token is another
 * number's (whatsapp-cloud-api.md §3.5). Returned, not thrown: it is on the
 * send path.
 */
export function authorizeNumber(
  registry: PhoneNumberRegistry,
  authorization: string | undefined,
  phoneNumberId: string,
  method: string,
): NumberState | MetaRejection {
  const token = bearerToken(authorization);
  const number = registry.get(phoneNumberId);
  if (token !== undefined && number !== undefined && number.settings.accessToken === token) return number;
  if (token === undefined || !registry.isKnownToken(token)) return invalidToken();
  return unsupportedRequest(method, phoneNumberId);
}

/** WABA-level calls (templates, phone_numbers): the token of any number of that WABA. */
export function authorizeWaba(registry: PhoneNumberRegistry, authorization: string | undefined, wabaId: string, method: string): MetaRejection | undefined {
  const token = bearerToken(authorization);
  if (token === undefined || !registry.isKnownToken(token)) return invalidToken();
  if (!registry.tokenAllowedOnWaba(token, wabaId)) return unsupportedRequest(method, wabaId);
  return undefined;
}
