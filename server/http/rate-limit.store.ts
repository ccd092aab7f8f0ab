import type { Db } from '../db/open.ts';

export interface RateLimitCounter {
  key: string;
  count: number;
  windowStart: number;
  blockedUntil: number | null;
}

export interface RateLimitStore {
  get(key: string): Promise<RateLimitCounter | undefined>;
  /**
   * Adds one to the counter, starting a new window when the old one ended; returns the new state. `keyId` is
   * the hash key that made `key`: the counter is destroyed with it.
   */
  increment(key: string, now: number, windowMs: number, keyId?: number | null): Promise<RateLimitCounter>;
  block(key: string, until: number): Promise<void>;
  reset(key: string): Promise<void>;
  resetPrefix(prefix: string): Promise<number>;
  /** The counters whose key starts with `prefix`. */
  listPrefix(prefix: string): Promise<RateLimitCounter[]>;
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
  const increment = db.prepare<{ key: string; now: number; windowStart: number; keyId: number | null }, RateLimitRow>(`
    INSERT INTO rate_limits (key, count, window_start, blocked_until, key_id) VALUES (:key, 1, :now, NULL, :keyId)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN window_start < :windowStart THEN 1 ELSE count + 1 END,
      window_start = CASE WHEN window_start < :windowStart THEN :now ELSE window_start END
    RETURNING *`);
  const block = db.prepare('UPDATE rate_limits SET blocked_until = ? WHERE key = ?');
  const reset = db.prepare('DELETE FROM rate_limits WHERE key = ?');
  // Not LIKE: keys are base64url, whose '_' is a LIKE wildcard.
  const resetPrefix = db.prepare('DELETE FROM rate_limits WHERE substr(key, 1, length(:prefix)) = :prefix');
  const listPrefix = db.prepare<{ prefix: string }, RateLimitRow>('SELECT * FROM rate_limits WHERE substr(key, 1, length(:prefix)) = :prefix');
  const deleteExpired = db.prepare('DELETE FROM rate_limits WHERE window_start < :before AND (blocked_until IS NULL OR blocked_until < :before)');
  return {
    async get(key) {
      const row = get.get(key);
      return row && toCounter(row);
    },
    async increment(key, now, windowMs, keyId = null) {
      return toCounter(increment.get({ key, now, windowStart: now - windowMs, keyId })!);
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
    async listPrefix(prefix) {
      return listPrefix.all({ prefix }).map(toCounter);
    },
    async deleteExpired(before) {
      return deleteExpired.run({ before }).changes;
    },
  };
}
