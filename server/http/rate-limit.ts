import { createHmac } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { fail } from '../errors.ts';
import type { HashKey, KeyRing } from '../key-ring.ts';
import type { RateLimitStore } from './rate-limit.store.ts';

export interface RateLimitRule {
  /** Attempts allowed within the window before the key is blocked. */
  max: number;
  windowMs: number;
  /** How long the key is blocked; with `progressive`, the longest block. */
  blockMs: number;
  /** Progressive delays: the attempt that reaches `max` blocks for `firstBlockMs`, each later one twice as long. */
  progressive?: { firstBlockMs: number };
}

/**
 * How long an attempt blocks its key, given the count it reached.
 *
 * @example
 * blockFor({ max: 5, windowMs: DAY, blockMs: 15 * MINUTE, progressive: { firstBlockMs: MINUTE } }, 6); // 2 minutes
 */
export function blockFor(rule: RateLimitRule, count: number): number {
  if (count < rule.max) return 0;
  if (!rule.progressive) return rule.blockMs;
  return Math.min(rule.blockMs, rule.progressive.firstBlockMs * 2 ** Math.min(count - rule.max, 30));
}

/**
 * Counters kept in SQLite, so a restart does not reset an attacker's budget. Keys are HMACs of what they
 * count (an address, an email): the table never holds either in clear. The HMAC key rotates every 30 days and
 * is destroyed 90 days after its creation with every counter made with it (`KeyRing`); a block made under the
 * previous key still holds after a rotation.
 *
 * @example
 * await limiter.assertAllowed('sign-in:ip', ip, rule);   // throws rate_limited (429 + Retry-After)
 * await limiter.hit('sign-in:ip', ip, rule);
 */
export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    private readonly ring: KeyRing,
  ) {}

  /** The counter's key under one hash key. */
  static key(hashKey: HashKey, scope: string, subject: string): string {
    return `${scope}:${createHmac('sha256', hashKey.secret).update(subject).digest('base64url').slice(0, 32)}`;
  }

  /** The counter's key under every live hash key, newest first. */
  async keys(scope: string, subject: string): Promise<string[]> {
    return (await this.ring.keys()).map((hashKey) => RateLimiter.key(hashKey, scope, subject));
  }

  /** The counter's key under the current hash key. */
  async key(scope: string, subject: string): Promise<string> {
    const [current] = await this.ring.keys();
    return RateLimiter.key(current, scope, subject);
  }

  async assertAllowed(scope: string, subject: string): Promise<void> {
    const now = this.clock.now();
    // Every live key: a block set just before a rotation must outlast it.
    for (const hashKey of await this.ring.keys()) {
      const counter = await this.store.get(RateLimiter.key(hashKey, scope, subject));
      if (counter?.blockedUntil && counter.blockedUntil > now) {
        throw fail.rateLimited((counter.blockedUntil - now) / 1000);
      }
    }
  }

  /** Counts one attempt (a failed sign-in, a sign-up…); from the rule's maximum the key is blocked (`blockFor`). */
  async hit(scope: string, subject: string, rule: RateLimitRule): Promise<void> {
    const [current] = await this.ring.keys();
    const key = RateLimiter.key(current, scope, subject);
    const now = this.clock.now();
    const counter = await this.store.increment(key, now, rule.windowMs, current.id);
    const blockMs = blockFor(rule, counter.count);
    if (blockMs > 0) await this.store.block(key, now + blockMs);
  }

  async reset(scope: string, subject: string): Promise<void> {
    for (const hashKey of await this.ring.keys()) await this.store.reset(RateLimiter.key(hashKey, scope, subject));
  }

  /** Forgets every counter of a scope made with `key(scope, …)` as its prefix (e.g. all addresses of one email). */
  async resetScope(scope: string): Promise<void> {
    await this.store.resetPrefix(`${scope}:`);
  }
}
