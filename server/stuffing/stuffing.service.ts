import { MINUTE, type Clock } from '../clock.ts';
import { MAX_CAP_WINDOW_MINUTES, siteCap, type StuffingPolicy } from '../consultations/consultations.store.ts';
import { keyedHash, networkPrefix, siteNetwork } from './ip-hash.ts';
import { ERASE_AFTER, KeyRing, MAX_AGE } from '../key-ring.ts';
import type { IpTrace, StuffingStore } from './stuffing.store.ts';

export { KEY_LIFETIME } from '../key-ring.ts';
/** The policies' promise: IP addresses are anonymised after 3 months (see `MAX_AGE` for the exact rule). */
export const TRACE_RETENTION = MAX_AGE;
/** The longest window a cap may have; keys retired within it still count for caps. */
export { MAX_CAP_WINDOW_MINUTES };

/** The keyed hashes of one address: what is stored, and what to look up for caps across a key rotation. */
export interface IpFingerprint {
  keyId: number;
  ipHash: Buffer;
  prefixHash: Buffer;
  /** IPv6 only: the /48 site's hash. */
  siteHash: Buffer | null;
  /** `site`: empty for IPv4. */
  lookup: { ip: Buffer[]; prefix: Buffer[]; site: Buffer[] };
}

/** `honeypot`: the form's hidden field was filled (see server/http/honeypot.ts). */
export type CapReason = 'ip_cap' | 'prefix_cap' | 'site_cap' | 'honeypot';

export interface StuffingVerdict {
  status: 'accepted' | 'quarantined';
  reasons: CapReason[];
}

/** Participations already counted from this address and from its network, within each cap's window. */
export interface RecentCounts {
  ip: number;
  prefix: number;
  /** From the IPv6 /48 site (0 for IPv4, and where the site is not counted). */
  site?: number;
}

/**
 * Decides whether one more participation from an address stays under the consultation's caps. Over a cap it is
 * quarantined: kept, not counted until staff review it. Pure, so batch writers can call it inside their
 * transaction.
 *
 * @example
 * evaluateCaps({ perIp: { max: 3, windowMinutes: 60 }, perPrefix: null, requireVerifiedEmail: false }, { ip: 3, prefix: 3 });
 * // { status: 'quarantined', reasons: ['ip_cap'] }
 */
export function evaluateCaps(policy: StuffingPolicy, counts: RecentCounts): StuffingVerdict {
  const reasons: CapReason[] = [];
  if (policy.perIp && counts.ip >= policy.perIp.max) reasons.push('ip_cap');
  if (policy.perPrefix && counts.prefix >= policy.perPrefix.max) reasons.push('prefix_cap');
  const perSite = siteCap(policy);
  if (perSite && (counts.site ?? 0) >= perSite.max) reasons.push('site_cap');
  return { status: reasons.length > 0 ? 'quarantined' : 'accepted', reasons };
}

/**
 * Anti-stuffing without keeping addresses: each participation stores HMACs of its address and /24 (or /64)
 * prefix under a key that rotates every 30 days; traces are erased after 90 days and each key is destroyed
 * 90 days after its creation (with the younger traces it made), so an old hash can never again be tied to an
 * address.
 */
export class StuffingService {
  readonly #ring: KeyRing;

  constructor(
    private readonly store: StuffingStore,
    private readonly clock: Clock,
    /** Every other ring whose keys the retention step destroys (the rate limiter's). */
    private readonly otherRings: KeyRing[] = [],
  ) {
    this.#ring = new KeyRing(store, clock, 'ip');
  }

  async fingerprint(ip: string): Promise<IpFingerprint> {
    const keys = await this.#ring.keys();
    const [current] = keys;
    const prefix = networkPrefix(ip);
    const site = siteNetwork(ip);
    const windowStart = this.clock.now() - MAX_CAP_WINDOW_MINUTES * MINUTE;
    const ipHash = keyedHash(current.secret, 'ip', ip);
    const prefixHash = keyedHash(current.secret, 'prefix', prefix);
    const siteHash = site === null ? null : keyedHash(current.secret, 'site', site);
    // Usually the current key alone; right after a rotation, the retired key too, so caps span the rotation.
    const older = keys.filter((k) => k !== current && (k.retiredAt === null || k.retiredAt >= windowStart));
    return {
      keyId: current.id,
      ipHash,
      prefixHash,
      siteHash,
      lookup: {
        ip: [ipHash, ...older.map((k) => keyedHash(k.secret, 'ip', ip))],
        prefix: [prefixHash, ...older.map((k) => keyedHash(k.secret, 'prefix', prefix))],
        site: siteHash === null ? [] : [siteHash, ...older.map((k) => keyedHash(k.secret, 'site', site!))],
      },
    };
  }

  /** Start of each cap's window, for stores that count inside their own transaction. */
  windowStarts(policy: StuffingPolicy): { ip: number; prefix: number; site: number } {
    const now = this.clock.now();
    return {
      ip: now - (policy.perIp?.windowMinutes ?? 0) * MINUTE,
      prefix: now - (policy.perPrefix?.windowMinutes ?? 0) * MINUTE,
      site: now - (siteCap(policy)?.windowMinutes ?? 0) * MINUTE,
    };
  }

  /** Counts what of `kind` came before from this address, then applies the caps. */
  async assess(scope: string, kind: string, policy: StuffingPolicy, fingerprint: IpFingerprint): Promise<StuffingVerdict> {
    const since = this.windowStarts(policy);
    const perSite = siteCap(policy);
    const counts: RecentCounts = {
      ip: policy.perIp ? await this.store.countRecent(scope, kind, 'ip', fingerprint.lookup.ip, since.ip, policy.perIp.max) : 0,
      prefix: policy.perPrefix ? await this.store.countRecent(scope, kind, 'prefix', fingerprint.lookup.prefix, since.prefix, policy.perPrefix.max) : 0,
      site:
        perSite && fingerprint.lookup.site?.length ? await this.store.countRecent(scope, kind, 'site', fingerprint.lookup.site, since.site, perSite.max) : 0,
    };
    return evaluateCaps(policy, counts);
  }

  /** The trace to store beside a participation. */
  trace(fingerprint: IpFingerprint, participation: { scope: string; kind: string; id: string; accountId: string | null }): IpTrace {
    return {
      scope: participation.scope,
      participationKind: participation.kind,
      participationId: participation.id,
      accountId: participation.accountId,
      keyId: fingerprint.keyId,
      ipHash: fingerprint.ipHash,
      prefixHash: fingerprint.prefixHash,
      siteHash: fingerprint.siteHash,
      createdAt: this.clock.now(),
    };
  }

  async record(trace: IpTrace): Promise<void> {
    await this.store.insertTrace(trace);
  }

  /**
   * The retention step: erase traces, and destroy keys (of every purpose, with what they made), before they are
   * 90 days old.
   */
  async eraseExpired(): Promise<{ traces: number; keys: number }> {
    const cutoff = this.clock.now() - ERASE_AFTER;
    const traces = await this.store.deleteBefore(cutoff);
    const keys = await this.store.destroyKeysCreatedBefore(cutoff);
    for (const ring of [this.#ring, ...this.otherRings]) ring.forget();
    await this.#ring.keys();
    return { traces, keys };
  }
}
