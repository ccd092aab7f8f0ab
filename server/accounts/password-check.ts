import { HOUR, MINUTE } from '../clock.ts';
import type { RateLimiter, RateLimitRule } from '../http/rate-limit.ts';
import { createDummyHash, verifyPassword } from './passwords.ts';

/**
 * Limits on wrong passwords, wherever a password is typed: sign-in, and every operation that asks for it again
 * inside a session (delete the account, change the password or the email). One budget for all of them, so a
 * stolen session is no password oracle.
 *
 * - per (email, address): progressive delays, so the owner's own typos cost a minute, then two, four…
 * - per address, across emails: stops one machine spraying many accounts;
 * - per email, across addresses: high enough that a stranger, held by the two limits above, cannot lock the
 *   owner out; a password reset lifts it.
 */
export const PASSWORD_RULES = {
  perPair: { max: 5, windowMs: 24 * HOUR, blockMs: 15 * MINUTE, progressive: { firstBlockMs: MINUTE } },
  perIp: { max: 20, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE },
  perEmail: { max: 100, windowMs: HOUR, blockMs: HOUR },
} satisfies Record<string, RateLimitRule>;

const SCOPE = { pair: 'sign-in:pair', ip: 'sign-in:ip', email: 'sign-in:email' } as const;

/**
 * Checks a typed password against the limits above.
 *
 * @example
 * const ok = await passwords.verify({ email, passwordHash: account?.passwordHash, password, ip }); // or throws rate_limited
 */
export class PasswordCheck {
  readonly #dummyHash: Promise<string>;

  constructor(private readonly limiter: RateLimiter) {
    this.#dummyHash = createDummyHash();
  }

  /**
   * Refuses with `rate_limited` (429 + Retry-After) while any limit blocks, before any hashing; otherwise
   * verifies (against a dummy hash when the email has no account, so both take the same time) and counts a
   * failure against all three limits, or clears the pair's counter on success.
   */
  async verify(input: { email: string; passwordHash: string | undefined; password: string; ip: string }): Promise<boolean> {
    const pairScope = await this.limiter.key(SCOPE.pair, input.email);
    await this.limiter.assertAllowed(pairScope, input.ip);
    await this.limiter.assertAllowed(SCOPE.ip, input.ip);
    await this.limiter.assertAllowed(SCOPE.email, input.email);
    const valid = await verifyPassword(input.passwordHash ?? (await this.#dummyHash), input.password);
    if (valid && input.passwordHash !== undefined) {
      await this.limiter.reset(pairScope, input.ip);
      return true;
    }
    await this.limiter.hit(pairScope, input.ip, PASSWORD_RULES.perPair);
    await this.limiter.hit(SCOPE.ip, input.ip, PASSWORD_RULES.perIp);
    await this.limiter.hit(SCOPE.email, input.email, PASSWORD_RULES.perEmail);
    return false;
  }

  /** After a password reset: the mailbox's owner proved who they are, so every lock on the email goes. */
  async liftLocks(email: string): Promise<void> {
    await this.limiter.reset(SCOPE.email, email);
    // The pair's counters share a prefix per email (itself a keyed hash), so a reset finds them all, under
    // every live hash key.
    for (const pairScope of await this.limiter.keys(SCOPE.pair, email)) await this.limiter.resetScope(pairScope);
  }
}
