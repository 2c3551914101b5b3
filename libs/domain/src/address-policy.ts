import { isIP } from 'node:net';

/**
 * What kind of address an IP is, for the SSRF guard. Anything but `public`
 * must not receive a request that carries an access token, nor be fetched on
 * a user's behalf, unless private URLs are allowed (development, where the
 * emulator runs on loopback). Wire data in error details: never rename a value.
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'shared'
  | 'unspecified'
  | 'multicast'
  | 'documentation'
  | 'reserved'
  | 'invalid';

interface Range {
  base: bigint;
  bits: number;
  kind: Exclude<AddressKind, 'public' | 'invalid'>;
}

const V4_BITS = 32;
const V6_BITS = 128;

function v4(cidr: string, kind: Range['kind']): Range {
  const [address, bits] = cidr.split('/');
  return { base: parseV4(address) as bigint, bits: Number(bits), kind };
}

function v6(cidr: string, kind: Range['kind']): Range {
  const [address, bits] = cidr.split('/');
  return { base: parseV6(address) as bigint, bits: Number(bits), kind };
}

// IANA special-purpose registries (RFC 6890 and updates). 169.254.0.0/16 holds
// the cloud metadata endpoints (169.254.169.254), the classic SSRF target.
const V4_RANGES: Range[] = [
  v4('0.0.0.0/8', 'unspecified'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'shared'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link_local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', 'reserved'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'reserved'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

const V6_RANGES: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('64:ff9b:1::/48', 'private'),
  v6('100::/64', 'reserved'),
  v6('2001::/23', 'reserved'),
  v6('2001:db8::/32', 'documentation'),
  v6('fc00::/7', 'private'),
  v6('fe80::/10', 'link_local'),
  v6('fec0::/10', 'private'),
  v6('ff00::/8', 'multicast'),
];

/**
 * Classifies an IP address (v4 or v6, as written by DNS answers or in a URL).
 * IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`, the deprecated compatible `::a.b.c.d`) are
 * judged by that IPv4 address, so `::ffff:127.0.0.1` is loopback.
 */
export function classifyAddress(address: string): AddressKind {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(text.split('%')[0]);
  if (family === 4) return classifyV4(parseV4(text) as bigint);
  if (family === 6) {
    const value = parseV6(text.split('%')[0]);
    return value === null ? 'invalid' : classifyV6(value);
  }
  return 'invalid';
}

/** True only for addresses on the public internet. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

function classifyV4(value: bigint): AddressKind {
  return rangeOf(value, V4_RANGES, V4_BITS) ?? 'public';
}

function classifyV6(value: bigint): AddressKind {
  const embedded = embeddedV4(value);
  if (embedded !== null) return classifyV4(embedded);
  return rangeOf(value, V6_RANGES, V6_BITS) ?? 'public';
}

function embeddedV4(value: bigint): bigint | null {
  const low32 = value & 0xffffffffn;
  if (value >> 32n === 0xffffn) return low32; // ::ffff:a.b.c.d (mapped)
  if (value >> 32n === 0x64ff9b0000000000000000n) return low32; // 64:ff9b::a.b.c.d (NAT64 well-known prefix)
  if (value >> 112n === 0x2002n) return (value >> 80n) & 0xffffffffn; // 2002:aabb:ccdd::/48 (6to4)
  if (value >> 32n === 0n && value > 1n) return low32; // ::a.b.c.d (IPv4-compatible, deprecated)
  return null;
}

function rangeOf(value: bigint, ranges: Range[], width: number): Range['kind'] | null {
  for (const range of ranges) {
    const shift = BigInt(width - range.bits);
    if (value >> shift === range.base >> shift) return range.kind;
  }
  return null;
}

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseV4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  return value;
}
