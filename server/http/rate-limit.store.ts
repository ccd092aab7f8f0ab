import type { Db } from '../db/open.ts';

export interface RateLimitCounter {
  key: string;
  count: number;
  windowStart: number;
  blockedUntil: number | null;
}

export interface RateLimitStore {
  get(key: string): Promise<RateLimitCounter | undefined>;
  /** Adds one to the counter, starting a new window when the old one ended; returns the new state. */
  increment(key: string, now: number, windowMs: number): Promise<RateLimitCounter>;
  block(key: string, until: number): Promise<void>;
  reset(key: string): Promise<void>;
  resetPrefix(prefix: string): Promise<number>;
  /** Forgets counters whose window and block both ended before `before`. */
  deleteExpired(before: number): Promise<number>;
}

interface RateLimitRow {
  key: string;
  count: number;
  window_start: number;
  blocked_until: number | null;
}

const toCounter = (row: RateLimitRow): RateLimitCounter => ({
  key: row.key,
  count: row.count,
  windowStart: row.window_start,
  blockedUntil: row.blocked_until,
});

export function createSqliteRateLimitStore(db: Db): RateLimitStore {
  const get = db.prepare<[string], RateLimitRow>('SELECT * FROM rate_limits WHERE key = ?');
  const increment = db.prepare<{ key: string; now: number; windowStart: number }, RateLimitRow>(`
    INSERT INTO rate_limits (key, count, window_start, blocked_until) VALUES (:key, 1, :now, NULL)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN window_start < :windowStart THEN 1 ELSE count + 1 END,
      window_start = CASE WHEN window_start < :windowStart THEN :now ELSE window_start END
    RETURNING *`);
  const block = db.prepare('UPDATE rate_limits SET blocked_until = ? WHERE key = ?');
  const reset = db.prepare('DELETE FROM rate_limits WHERE key = ?');
  // Not LIKE: keys are base64url, whose '_' is a LIKE wildcard.
  const resetPrefix = db.prepare('DELETE FROM rate_limits WHERE substr(key, 1, length(:prefix)) = :prefix');
  const deleteExpired = db.prepare(
    'DELETE FROM rate_limits WHERE window_start < :before AND (blocked_until IS NULL OR blocked_until < :before)',
  );
  return {
    async get(key) {
      const row = get.get(key);
      return row && toCounter(row);
    },
    async increment(key, now, windowMs) {
      return toCounter(increment.get({ key, now, windowStart: now - windowMs })!);
    },
    async block(key, until) {
      block.run(until, key);
    },
    async reset(key) {
      reset.run(key);
    },
    async resetPrefix(prefix) {
      return resetPrefix.run({ prefix }).changes;
    },
    async deleteExpired(before) {
      return deleteExpired.run({ before }).changes;
    },
  };
}
