import { createHmac } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { fail } from '../errors.ts';
import type { HashKey, KeyRing } from '../key-ring.ts';
import type { RateLimitStore } from './rate-limit.store.ts';

export interface RateLimitRule {
  /** Attempts allowed within the window before the key is blocked. */
  max: number;
  windowMs: number;
  blockMs: number;
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

  /** Counts one attempt (a failed sign-in, a sign-up…); at the rule's maximum the key is blocked for `blockMs`. */
  async hit(scope: string, subject: string, rule: RateLimitRule): Promise<void> {
    const [current] = await this.ring.keys();
    const key = RateLimiter.key(current, scope, subject);
    const now = this.clock.now();
    const counter = await this.store.increment(key, now, rule.windowMs, current.id);
    if (counter.count >= rule.max) await this.store.block(key, now + rule.blockMs);
  }

  async reset(scope: string, subject: string): Promise<void> {
    for (const hashKey of await this.ring.keys()) await this.store.reset(RateLimiter.key(hashKey, scope, subject));
  }
}
