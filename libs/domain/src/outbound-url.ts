import { classifyAddress } from './address-policy';

/**
 * Where wabus may POST business webhooks (subscriptions, approval callbacks,
 * webhook actions, ticket forwards). Outside development, a URL that points at
 * loopback, private, link-local or otherwise internal addresses is refused, so
 * an API user cannot make wabus call into its own network (SSRF). The address
 * check is also applied to what a host name resolves to, at connection time
 * (action-engine's HTTP client), which defeats DNS rebinding.
 */
export interface OutboundUrlOptions {
  /** config.allowPrivateUrls: true in development, where the receivers are local. */
  allowPrivate: boolean;
}

const MAX_URL_LENGTH = 2048;
const INTERNAL_HOST_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa'];

export function outboundUrlProblems(text: unknown, options: OutboundUrlOptions): string[] {
  if (typeof text !== 'string' || text.length === 0) return ['must be an http(s) URL'];
  if (text.length > MAX_URL_LENGTH) return [`must be at most ${MAX_URL_LENGTH} characters`];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return ['must be an absolute http(s) URL'];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return ['must use http or https'];
  if (url.username || url.password) return ['must not carry credentials; the request is signed instead'];
  if (url.hash) return ['must not have a #fragment'];
  if (options.allowPrivate) return [];
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || INTERNAL_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix)) || !host.includes('.') && !host.includes(':')) {
    return ['must not point at a local or internal host name'];
  }
  if (isIpLiteral(host) && isPrivateAddress(host)) return ['must not point at a loopback, private or reserved address'];
  return [];
}

export function isIpLiteral(host: string): boolean {
  return classifyAddress(host) !== 'invalid';
}

/**
 * True for every address a business webhook must not reach: anything but a
 * public address (`classifyAddress`: loopback, private, shared, link-local,
 * multicast, documentation, reserved, unspecified, and IPv6 forms carrying
 * such an IPv4 address). Unparseable input counts as private (refuse what we
 * cannot classify).
 */
export function isPrivateAddress(address: string): boolean {
  return classifyAddress(address) !== 'public';
}
