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
  return parseIPv4(host) !== null || parseIPv6(host) !== null;
}

/**
 * True for every address a business webhook must not reach: loopback,
 * RFC 1918, carrier-grade NAT, link-local, multicast, documentation,
 * benchmarking, reserved, unique-local IPv6, and IPv4 embedded in IPv6.
 * Unparseable input counts as private (refuse what we cannot classify).
 */
export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '').split('%')[0];
  const v4 = parseIPv4(host);
  if (v4) return isPrivateIPv4(v4);
  const v6 = parseIPv6(host);
  if (v6) return isPrivateIPv6(v6);
  return true;
}

const PRIVATE_V4: Array<[number, number, number, number, number]> = [
  [0, 0, 0, 0, 8], // "this network"
  [10, 0, 0, 0, 8],
  [100, 64, 0, 0, 10], // carrier-grade NAT
  [127, 0, 0, 0, 8],
  [169, 254, 0, 0, 16], // link-local, cloud metadata
  [172, 16, 0, 0, 12],
  [192, 0, 0, 0, 24],
  [192, 0, 2, 0, 24], // documentation
  [192, 88, 99, 0, 24],
  [192, 168, 0, 0, 16],
  [198, 18, 0, 0, 15], // benchmarking
  [198, 51, 100, 0, 24],
  [203, 0, 113, 0, 24],
  [224, 0, 0, 0, 4], // multicast
  [240, 0, 0, 0, 4], // reserved, broadcast
];

function isPrivateIPv4(octets: number[]): boolean {
  const value = toUint32(octets);
  return PRIVATE_V4.some(([a, b, c, d, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === (toUint32([a, b, c, d]) & mask) >>> 0;
  });
}

function isPrivateIPv6(words: number[]): boolean {
  if (words.every((word) => word === 0)) return true; // ::
  if (words.slice(0, 7).every((word) => word === 0) && words[7] === 1) return true; // ::1
  const first = words[0];
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (first === 0x2001 && words[1] === 0x0db8) return true; // documentation
  const embedded = embeddedIPv4(words);
  return embedded ? isPrivateIPv4(embedded) : false;
}

/** IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) addresses carry an IPv4 address. */
function embeddedIPv4(words: number[]): number[] | null {
  const tail = [words[6] >> 8, words[6] & 0xff, words[7] >> 8, words[7] & 0xff];
  const zeros = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  if (zeros(0, 5) && (words[5] === 0xffff || words[5] === 0)) return tail;
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return tail;
  return null;
}

function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
  return octets.every((octet) => Number.isInteger(octet) && octet <= 255) ? octets : null;
}

function parseIPv6(text: string): number[] | null {
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    // A dotted IPv4 tail ("::ffff:10.0.0.1") is two hex words written another way.
    const v4 = parseIPv4(tail);
    if (!v4) return null;
    hex = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((word) => (/^[0-9a-fA-F]{1,4}$/.test(word) ? parseInt(word, 16) : NaN)));
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const gap = halves.length === 2 ? 8 - left.length - right.length : 0;
  if (gap < 0 || (halves.length === 2 && gap === 0)) return null;
  const words = [...left, ...new Array<number>(gap).fill(0), ...right];
  if (words.length !== 8 || words.some((word) => !Number.isInteger(word))) return null;
  return words;
}

function toUint32(octets: number[]): number {
  return ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
}
