import { BlockList, isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { requestHeader } from './request-headers.ts';

/** Cloudflare's published edge ranges (https://www.cloudflare.com/ips/), for `TRUSTED_PROXIES=cloudflare`. */
const CLOUDFLARE_RANGES = [
  '173.245.48.0/20',
  '103.21.244.0/22',
  '103.22.200.0/22',
  '103.31.4.0/22',
  '141.101.64.0/18',
  '108.162.192.0/18',
  '190.93.240.0/20',
  '188.114.96.0/20',
  '197.234.240.0/22',
  '198.41.128.0/17',
  '162.158.0.0/15',
  '104.16.0.0/13',
  '104.24.0.0/14',
  '172.64.0.0/13',
  '131.0.72.0/22',
  '2400:cb00::/32',
  '2606:4700::/32',
  '2803:f800::/32',
  '2405:b500::/32',
  '2405:8100::/32',
  '2a06:98c0::/29',
  '2c0f:f248::/32',
];

export interface TrustedProxies {
  /** True when the direct peer is a proxy whose forwarding headers may be believed. */
  trusts(address: string): boolean;
  /** True when the direct peer is one of Cloudflare's edges (the `cloudflare` preset): only then is `CF-Connecting-IP` read. */
  fromCloudflare(address: string): boolean;
  readonly cloudflare: boolean;
}

/**
 * Parses `TRUSTED_PROXIES`: comma-separated addresses or CIDRs, and the `cloudflare` preset.
 *
 * @example
 * parseTrustedProxies('cloudflare, 10.0.0.0/8, ::1').trusts('10.1.2.3'); // true
 */
export function parseTrustedProxies(spec: string): TrustedProxies {
  const list = new BlockList();
  // Plain addresses are looked up in a Set: BlockList.check allocates on every call, and this runs on every request.
  const addresses = new Set<string>();
  let subnets = false;
  let cloudflare = false;
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const add = (entry: string) => {
    const [address, bits] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`[civique] TRUSTED_PROXIES: "${entry}" is not an address, a CIDR or "cloudflare"`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) addresses.add(normalizeIp(address));
    else {
      list.addSubnet(address, Number(bits), type);
      subnets = true;
    }
  };
  // Cloudflare's ranges are also kept apart: any trusted proxy may forward X-Forwarded-For, but only Cloudflare
  // sets CF-Connecting-IP; from another proxy that header is whatever the client sent.
  const cloudflareEdges = new BlockList();
  for (const entry of entries) {
    if (entry === 'cloudflare') {
      cloudflare = true;
      CLOUDFLARE_RANGES.forEach(add);
      for (const range of CLOUDFLARE_RANGES) {
        const [address, bits] = range.split('/');
        cloudflareEdges.addSubnet(address, Number(bits), isIP(address) === 4 ? 'ipv4' : 'ipv6');
      }
    } else add(entry);
  }
  return {
    cloudflare,
    fromCloudflare(address) {
      if (!cloudflare) return false;
      const normalized = normalizeIp(address);
      const family = isIP(normalized);
      return family !== 0 && cloudflareEdges.check(normalized, family === 4 ? 'ipv4' : 'ipv6');
    },
    trusts(address) {
      const normalized = normalizeIp(address);
      if (addresses.has(normalized)) return true;
      if (!subnets) return false;
      const family = isIP(normalized);
      return family !== 0 && list.check(normalized, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** Unwraps IPv4-mapped IPv6 (`::ffff:203.0.113.5`) so one client always yields one address. */
export function normalizeIp(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return (mapped ? mapped[1] : trimmed).toLowerCase();
}

/**
 * The client's address: the socket peer, unless that peer is a trusted proxy, in which case
 * `CF-Connecting-IP` when the peer is a Cloudflare edge, else the right-most untrusted `X-Forwarded-For` entry.
 * A header sent by anyone else is ignored, so a spoofed `X-Forwarded-For` or `CF-Connecting-IP` changes nothing.
 */
export function resolveClientIp(peer: string, headers: { get(name: string): string | null | undefined }, trusted: TrustedProxies): string {
  const direct = normalizeIp(peer);
  if (!trusted.trusts(direct)) return direct;
  if (trusted.fromCloudflare(direct)) {
    const cf = headers.get('cf-connecting-ip');
    if (cf && isIP(normalizeIp(cf))) return normalizeIp(cf);
  }
  const forwarded = headers.get('x-forwarded-for');
  if (!forwarded) return direct;
  const hops = forwarded
    .split(',')
    .map(normalizeIp)
    .filter((hop) => isIP(hop) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.trusts(hops[i])) return hops[i];
  }
  return hops[0] ?? direct;
}

function peerAddress(c: Context<AppEnv>): string {
  // Under @hono/node-server the bindings carry the socket; in-process tests pass the same shape.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? '127.0.0.1';
}

/** The client's address from the socket peer and, behind a trusted proxy only, its forwarding headers. */
export function clientAddress(peer: string, header: (name: string) => string | undefined, trusted: TrustedProxies): string {
  // Forwarding headers matter only behind a trusted proxy: do not even read them otherwise.
  return trusted.trusts(peer) ? resolveClientIp(peer, { get: header }, trusted) : normalizeIp(peer);
}

/** Sets `c.var.clientIp` for the services that need it (anti-stuffing, rate limits). Never logged, never stored. */
export function clientIp(trusted: TrustedProxies): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set(
      'clientIp',
      clientAddress(peerAddress(c), (name) => requestHeader(c, name), trusted),
    );
    await next();
  };
}
