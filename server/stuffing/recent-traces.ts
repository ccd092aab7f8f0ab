/**
 * The recent anti-stuffing traces of one writer, in memory: how many participations came from an address (or
 * a network prefix) in a scope since a given time. The ballot writer counts its caps here instead of through
 * indexes on the keyed hashes: those indexes are random keys, and maintaining them cost two extra random
 * B-tree pages per ballot at every commit. The database stays the source of truth: the writer rebuilds this
 * from `ip_traces` when it starts, and forgets what is older than the longest cap window.
 *
 * Changes made inside a transaction are journalled, so a rolled-back batch can be undone (`rollback`).
 *
 * @example
 * const recent = new RecentTraces(7 * 24 * 3600_000);
 * recent.add('consultation-1', ipHash, now);
 * recent.count('consultation-1', [ipHash], now - 3600_000, 20); // 1
 */
export class RecentTraces {
  /** `scope \0 hash` → times, oldest first. */
  readonly #times = new Map<string, number[]>();
  #journal: { key: string; at: number; added: boolean }[] | undefined;
  #prunedAt = 0;
  /** The newest time seen: "now" for pruning, in the clock of whoever writes (a test's fake clock too). */
  #latest = 0;

  constructor(private readonly horizonMs: number) {}

  add(scope: string, hash: Uint8Array, at: number): void {
    if (at > this.#latest) this.#latest = at;
    const key = keyOf(scope, hash);
    const times = this.#times.get(key);
    if (!times) this.#times.set(key, [at]);
    else insertSorted(times, at);
    this.#journal?.push({ key, at, added: true });
  }

  remove(scope: string, hash: Uint8Array, at: number): void {
    const key = keyOf(scope, hash);
    if (removeOne(this.#times, key, at)) this.#journal?.push({ key, at, added: false });
  }

  /** Participations in `scope` since `since` under any of `hashes` (one per live key), counted up to `limit`. */
  count(scope: string, hashes: readonly Uint8Array[], since: number, limit: number): number {
    let total = 0;
    for (const hash of hashes) {
      const times = this.#times.get(keyOf(scope, hash));
      if (!times) continue;
      for (let i = times.length - 1; i >= 0 && times[i] >= since; i--) if (++total >= limit) return total;
    }
    return total;
  }

  /** Starts journalling: what follows can be undone by `rollback` until `commit`. */
  begin(): void {
    this.#journal = [];
  }

  commit(): void {
    this.#journal = undefined;
  }

  rollback(): void {
    const journal = this.#journal ?? [];
    this.#journal = undefined;
    for (let i = journal.length - 1; i >= 0; i--) {
      const { key, at, added } = journal[i];
      if (added) removeOne(this.#times, key, at);
      else {
        const times = this.#times.get(key);
        if (!times) this.#times.set(key, [at]);
        else insertSorted(times, at);
      }
    }
  }

  /** Forgets times older than the horizon; cheap to call often, it does the work at most once a minute. */
  prune(now = this.#latest): void {
    if (now - this.#prunedAt < 60_000) return;
    this.#prunedAt = now;
    const cutoff = now - this.horizonMs;
    for (const [key, times] of this.#times) {
      let drop = 0;
      while (drop < times.length && times[drop] < cutoff) drop++;
      if (drop === times.length) this.#times.delete(key);
      else if (drop > 0) times.splice(0, drop);
    }
  }

  /** How many addresses and prefixes are remembered (for tests and diagnostics). */
  get size(): number {
    return this.#times.size;
  }
}

function keyOf(scope: string, hash: Uint8Array): string {
  return `${scope}\u0000${Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('base64')}`;
}

function insertSorted(times: number[], at: number): void {
  let i = times.length;
  while (i > 0 && times[i - 1] > at) i--;
  times.splice(i, 0, at);
}

function removeOne(map: Map<string, number[]>, key: string, at: number): boolean {
  const times = map.get(key);
  const i = times?.lastIndexOf(at) ?? -1;
  if (!times || i < 0) return false;
  times.splice(i, 1);
  if (times.length === 0) map.delete(key);
  return true;
}
