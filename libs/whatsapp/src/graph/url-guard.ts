import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress } from '@wabus/domain';
import { UnsafeUrlError } from './graph-errors';

/**
 * A `lookup` for sockets that refuses hosts resolving to any non-public
 * address. It runs at connect time, for the very address the socket will use,
 * so a DNS answer that changes between a check and the connection (DNS
 * rebinding) cannot slip through. Every address of the answer must be public:
 * one private address among public ones is refused too.
 */
export function publicOnlyLookup(): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const refused = addresses.find((entry) => classifyAddress(entry.address) !== 'public');
      if (refused) return callback(new UnsafeUrlError(`//${hostname}`, refused.address, classifyAddress(refused.address)));
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      return callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/**
 * Checks what can be checked before connecting: the scheme, and hosts written
 * as IP literals (sockets skip `lookup` for those). Names are checked by
 * `publicOnlyLookup` when the socket connects.
 */
export function assertSafeUrl(url: string | URL, allowPrivateUrls: boolean): URL {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UnsafeUrlError(redactedUrl(parsed), parsed.protocol, 'scheme');
  if (allowPrivateUrls) return parsed;
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (isIP(host)) {
    const kind = classifyAddress(host);
    if (kind !== 'public') throw new UnsafeUrlError(redactedUrl(parsed), host, kind);
  }
  return parsed;
}

/**
 * Resolves a URL's host and refuses it unless every address is public: for
 * URLs we hand to someone else to fetch (a media `link` Meta downloads), where
 * no socket of ours will run `publicOnlyLookup`.
 */
export async function assertPublicUrl(url: string, allowPrivateUrls: boolean, resolve: typeof lookupAll = lookupAll): Promise<void> {
  const parsed = assertSafeUrl(url, allowPrivateUrls);
  if (allowPrivateUrls) return;
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (isIP(host)) return;
  const addresses = await resolve(host);
  const refused = addresses.find((address) => classifyAddress(address) !== 'public');
  if (refused !== undefined) throw new UnsafeUrlError(redactedUrl(parsed), refused, classifyAddress(refused));
}

export function lookupAll(hostname: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses: LookupAddress[]) => (error ? reject(error) : resolve(addresses.map((entry) => entry.address))));
  });
}

/** The URL without its query string and credentials (signed links carry tokens there). */
export function redactedUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
