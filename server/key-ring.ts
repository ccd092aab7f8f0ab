import { randomBytes } from 'node:crypto';
import { DAY, HOUR, type Clock } from './clock.ts';

/** A key hashes for 30 days, then a new one takes over. */
export const KEY_LIFETIME = 30 * DAY;
/**
 * The policies' promise: nothing keyed to an address or an email outlives 90 days — neither a trace nor the key
 * that made it. The retention job runs every hour, so it erases what is older than 90 days minus one run:
 * between two runs nothing can cross the 90 days.
 */
export const MAX_AGE = 90 * DAY;
export const RETENTION_RUN_INTERVAL = HOUR;
export const ERASE_AFTER = MAX_AGE - RETENTION_RUN_INTERVAL;

export type KeyPurpose = 'ip' | 'rate-limit';

export interface HashKey {
  id: number;
  secret: Buffer;
  createdAt: number;
  retiredAt: number | null;
}

/** Where keys live (the database): their SQL is in the stuffing store. */
export interface KeyStore {
  /** Keys of one purpose not destroyed yet, newest first. */
  liveKeys(purpose?: KeyPurpose): Promise<HashKey[]>;
  insertKey(secret: Buffer, createdAt: number, purpose?: KeyPurpose): Promise<HashKey>;
  retireKey(id: number, at: number): Promise<void>;
}

/**
 * The keys of one purpose, newest first, rotating when the current one is 30 days old (one rotation at a time).
 * Keys are destroyed by the retention job 90 days after their creation (`StuffingStore.destroyKeysCreatedBefore`);
 * it then calls `forget()` so no destroyed key stays in memory.
 *
 * @example
 * const ring = new KeyRing(store.stuffing, clock, 'rate-limit');
 * const [current] = await ring.keys();
 */
export class KeyRing {
  #keys: HashKey[] | undefined;
  #rotation: Promise<HashKey[]> | undefined;

  constructor(
    private readonly store: KeyStore,
    private readonly clock: Clock,
    readonly purpose: KeyPurpose,
  ) {}

  async keys(): Promise<HashKey[]> {
    const now = this.clock.now();
    const current = this.#keys?.[0];
    if (current && current.retiredAt === null && now - current.createdAt < KEY_LIFETIME) return this.#keys!;
    this.#rotation ??= this.#rotate().finally(() => {
      this.#rotation = undefined;
    });
    return this.#rotation;
  }

  /** Drops the cached keys (after a destruction); the next call reads them again. */
  forget(): void {
    this.#keys = undefined;
  }

  async #rotate(): Promise<HashKey[]> {
    const now = this.clock.now();
    let keys = await this.store.liveKeys(this.purpose);
    const current = keys.find((k) => k.retiredAt === null);
    if (!current || now - current.createdAt >= KEY_LIFETIME) {
      if (current) await this.store.retireKey(current.id, now);
      await this.store.insertKey(randomBytes(32), now, this.purpose);
      keys = await this.store.liveKeys(this.purpose);
    }
    this.#keys = keys;
    return keys;
  }
}
