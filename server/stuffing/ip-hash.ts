import { isIP } from 'node:net';
import { HmacSha256 } from '../sha256.ts';

/** Expands an IPv6 address to its eight groups, `::` and embedded IPv4 included. */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array(missing).fill(0), ...right];
}

/**
 * The network an address belongs to, at the size one household or one operator's customer gets:
 * IPv4 /24, IPv6 /64.
 *
 * @example
 * networkPrefix('203.0.113.77');          // '203.0.113.0/24'
 * networkPrefix('2001:db8:1:2:3:4:5:6');  // '2001:db8:1:2::/64'
 */
export function networkPrefix(address: string): string {
  const family = isIP(address);
  // isIP accepts only four decimal octets: the network is what precedes the last dot (a sixth of the CPU of
  // splitting and joining, at every participation).
  if (family === 4) return `${address.slice(0, address.lastIndexOf('.'))}.0/24`;
  if (family === 6)
    return `${ipv6Groups(address)
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(':')}::/64`;
  throw new Error('not an IP address');
}

/**
 * The site an IPv6 address belongs to: its /48, what one organisation or one customer of some operators gets, so
 * rotating through /64s inside it escapes no cap. IPv4 has none (its /24 is already the neighbourhood).
 *
 * @example
 * siteNetwork('2001:db8:1:2:3:4:5:6'); // '2001:db8:1::/48'
 * siteNetwork('203.0.113.77');         // null
 */
export function siteNetwork(address: string): string | null {
  if (isIP(address) !== 6) return null;
  return `${ipv6Groups(address)
    .slice(0, 3)
    .map((g) => g.toString(16))
    .join(':')}::/48`;
}

/** Each key's HMAC states, computed at its first hash; they go with the key's buffer when the key ring drops it. */
const macs = new WeakMap<Buffer, HmacSha256>();

/** A keyed hash (HMAC-SHA-256), truncated to 128 bits: enough to compare, useless without the key. */
export function keyedHash(key: Buffer, label: 'ip' | 'prefix' | 'site', value: string): Buffer {
  let mac = macs.get(key);
  if (!mac) macs.set(key, (mac = new HmacSha256(key)));
  return mac.digest(`${label}:${value}`, 16);
}
