import { createHmac } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { fail } from '../errors.ts';
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
 * count (an address, an email): the table never holds either in clear.
 *
 * @example
 * await limiter.assertAllowed('sign-in:ip', ip, rule);   // throws rate_limited (429 + Retry-After)
 * await limiter.hit('sign-in:ip', ip, rule);
 */
export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    private readonly hmacKey: Buffer,
  ) {}

  key(scope: string, subject: string): string {
    return `${scope}:${createHmac('sha256', this.hmacKey).update(subject).digest('base64url').slice(0, 32)}`;
  }

  async assertAllowed(scope: string, subject: string): Promise<void> {
    const counter = await this.store.get(this.key(scope, subject));
    const now = this.clock.now();
    if (counter?.blockedUntil && counter.blockedUntil > now) {
      throw fail.rateLimited((counter.blockedUntil - now) / 1000);
    }
  }

  /** Counts one attempt (a failed sign-in, a sign-up…); at the rule's maximum the key is blocked for `blockMs`. */
  async hit(scope: string, subject: string, rule: RateLimitRule): Promise<void> {
    const key = this.key(scope, subject);
    const now = this.clock.now();
    const counter = await this.store.increment(key, now, rule.windowMs);
    const blockMs = blockFor(rule, counter.count);
    if (blockMs > 0) await this.store.block(key, now + blockMs);
  }

  async reset(scope: string, subject: string): Promise<void> {
    await this.store.reset(this.key(scope, subject));
  }

  /** Forgets every counter of a scope made with `key(scope, …)` as its prefix (e.g. all addresses of one email). */
  async resetScope(scope: string): Promise<void> {
    await this.store.resetPrefix(`${scope}:`);
  }
}
