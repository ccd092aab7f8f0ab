import type { AccountStore } from './accounts.store.ts';
import type { PersonalDataEntry } from '../personal-data/registry.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { RateLimitStore } from '../http/rate-limit.store.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The rate-limit counters keyed by something of the account (its email, its id), found again through the same
 * keyed hash. Counters keyed by an address alone are not the account's: nothing ties them to it. A new limit
 * keyed by the account belongs in this list.
 */
export const ACCOUNT_KEYED_LIMITS: { scope: string; subject: (account: { id: string; email: string }) => string }[] = [
  { scope: 'sign-in:email', subject: (a) => a.email },
  { scope: 'verify:account', subject: (a) => a.id },
];

/** Limits whose scope itself is keyed by the account: one counter per address it was tried from. */
export const ACCOUNT_KEYED_SCOPES: { scope: string; subject: (account: { id: string; email: string }) => string }[] = [
  { scope: 'sign-in:pair', subject: (a) => a.email },
];

export function rateLimitPersonalData(limiter: RateLimiter, rateLimits: RateLimitStore, accounts: AccountStore): PersonalDataEntry {
  const counters = async (accountId: string) => {
    const account = await accounts.get(accountId);
    if (!account) return [];
    // Under every live hash key: a counter made before the last rotation is still the account's.
    const found = await Promise.all([
      ...ACCOUNT_KEYED_LIMITS.map(async ({ scope, subject }) => {
        const counters = await Promise.all((await limiter.keys(scope, subject(account))).map((key) => rateLimits.get(key)));
        return counters.flatMap((counter) => (counter ? [{ scope, key: counter.key, counter }] : []));
      }),
      ...ACCOUNT_KEYED_SCOPES.map(async ({ scope, subject }) => {
        const prefixes = await limiter.keys(scope, subject(account));
        const counters = (await Promise.all(prefixes.map((prefix) => rateLimits.listPrefix(`${prefix}:`)))).flat();
        return counters.map((counter) => ({ scope, key: counter.key, counter }));
      }),
    ]);
    return found.flat();
  };
  return {
    name: 'rateLimits',
    tables: ['rate_limits'],
    async export(accountId) {
      return (await counters(accountId)).map(({ scope, counter }) => ({
        scope,
        count: counter.count,
        windowStart: iso(counter.windowStart),
        blockedUntil: iso(counter.blockedUntil),
      }));
    },
    async erase(accountId) {
      for (const { key } of await counters(accountId)) await rateLimits.reset(key);
    },
  };
}
