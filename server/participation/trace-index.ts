import type { Db } from '../db/open.ts';
import type { TraceScope } from './participation.ts';

/** The keyed hashes of one trace, as map keys (`hashKey`). */
interface TraceKeys {
  ip: string;
  prefix: string;
  site: string | null;
}

/**
 * A hash's traces, as their creation times: counting them is all the caps do, so which trace a time belongs to
 * does not matter. One number for the usual single trace, an array for more (an address over its cap has `max`
 * of them).
 */
type Times = number | number[];

/**
 * One consultation's traces from `since` on (every trace of the scope newer than it), as each hash's creation
 * times. Nothing else per trace: no object, no rowid, no array for a single trace. Measured on 300,000 traces
 * against a map by rowid of { time, hashes } with arrays of rowids per hash: 162 bytes of heap per trace instead
 * of 395, adding 1.6 µs instead of 2.1, counting 0.65 µs instead of 0.94, and a full garbage collection of
 * 16–24 ms instead of 63.
 */
class ScopeTraces {
  readonly byHash: Record<TraceScope, Map<string, Times>> = { ip: new Map(), prefix: new Map(), site: new Map() };
  /** When it was read (real time: only to drop, now and then, what no window needs any more). */
  readonly readAt = Date.now();
  constructor(readonly since: number) {}

  add(keys: TraceKeys, createdAt: number): void {
    this.#link('ip', keys.ip, createdAt);
    this.#link('prefix', keys.prefix, createdAt);
    if (keys.site !== null) this.#link('site', keys.site, createdAt);
  }

  /** A deleted trace: one of its hashes' times goes (an older one was never read). */
  remove(keys: TraceKeys, createdAt: number): void {
    if (createdAt < this.since) return;
    this.#unlink('ip', keys.ip, createdAt);
    this.#unlink('prefix', keys.prefix, createdAt);
    if (keys.site !== null) this.#unlink('site', keys.site, createdAt);
  }

  /** How many of `key`'s traces are at or after `since`, up to `limit`. */
  count(which: TraceScope, key: string, since: number, limit: number): number {
    const times = this.byHash[which].get(key);
    if (times === undefined) return 0;
    if (typeof times === 'number') return times >= since ? 1 : 0;
    let n = 0;
    for (const time of times) if (time >= since && ++n >= limit) break;
    return n;
  }

  #link(which: TraceScope, key: string, createdAt: number): void {
    const map = this.byHash[which];
    const times = map.get(key);
    if (times === undefined) map.set(key, createdAt);
    else if (typeof times === 'number') map.set(key, [times, createdAt]);
    else times.push(createdAt);
  }

  #unlink(which: TraceScope, key: string, createdAt: number): void {
    const map = this.byHash[which];
    const times = map.get(key);
    if (times === undefined) return;
    if (typeof times === 'number') {
      if (times === createdAt) map.delete(key);
      return;
    }
    const at = times.indexOf(createdAt);
    if (at >= 0) times.splice(at, 1);
    if (times.length === 1) map.set(key, times[0]);
  }
}

/** Past this, a consultation's traces are read again at its next count, which drops those no window needs. */
const PRUNE_AFTER = 6 * 60 * 60 * 1000;

/** A keyed hash as a map key: one character per byte, so equal bytes give equal strings. */
const hashKey = (hash: Buffer | null): string | null => (hash === null ? null : hash.toString('latin1'));

/** A trace's hashes as map keys. */
const traceKeys = (ip: Buffer, prefix: Buffer, site: Buffer | null): TraceKeys => ({ ip: hashKey(ip)!, prefix: hashKey(prefix)!, site: hashKey(site) });

/**
 * The participation writer's count of recent traces per keyed hash, held in memory: counting them in SQL needed
 * an index per hash, keyed by random values, and every participation rewrote random pages of those indexes at
 * each commit (≈ 35 µs of CPU per participation, more than all its other rows).
 *
 * It counts exactly what `ip_traces` holds, whoever changes it:
 * - inside a writer batch, the writer reports each trace it adds (`added`: a batch adds traces only through
 *   `ParticipationTx.addTrace`), and a temporary trigger each deleted one; if the batch's transaction is rolled
 *   back, the whole index is dropped (`end(false)`). The insert trigger's WHEN asks `civique_trace_outside_batch()`
 *   (no argument, answered from `#inBatch`), so during a batch it stops there: handing it every row's hashes, as
 *   blobs made into buffers, cost about a tenth of a ballot's CPU, and reading a temp table in the WHEN about half
 *   a microsecond per trace;
 * - on the writer's connection outside a batch (an erasure, the retention job, a consultation deleted),
 *   temporary triggers report every inserted, deleted or updated trace: the consultation's traces are dropped
 *   from memory and read again at its next count, because such a change may still be rolled back by its own
 *   transaction;
 * - another connection's commit (the command line, another process) changes `PRAGMA data_version`, read at the
 *   start of every batch: then everything is read again.
 * A consultation's traces are read from `ip_traces (scope, created_at)` the first time a cap counts them.
 */
export class TraceIndex {
  readonly #scopes = new Map<string, ScopeTraces>();
  readonly #load;
  readonly #dataVersion;
  #seenVersion = -1;
  #inBatch = false;

  constructor(db: Db) {
    this.#load = db.prepare<[string, number], { ip_hash: Buffer; prefix_hash: Buffer; site_hash: Buffer | null; created_at: number }>(
      'SELECT ip_hash, prefix_hash, site_hash, created_at FROM ip_traces WHERE scope = ? AND created_at >= ?',
    );
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
    db.function('civique_trace_outside_batch', { deterministic: false }, () => (this.#inBatch ? 0 : 1));
    // Only outside a batch (the insert trigger's WHEN): the scope is read again at its next count.
    db.function('civique_trace_inserted', (scope) => {
      this.#scopes.delete(scope as string);
      return null;
    });
    db.function('civique_trace_deleted', (scope, ip, prefix, site, createdAt) => {
      const traces = this.#scopes.get(scope as string);
      if (!traces) return null;
      if (!this.#inBatch) this.#scopes.delete(scope as string);
      else traces.remove(traceKeys(ip as Buffer, prefix as Buffer, site as Buffer | null), createdAt as number);
      return null;
    });
    db.function('civique_trace_moved', (before, after) => {
      this.#scopes.delete(before as string);
      this.#scopes.delete(after as string);
      return null;
    });
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS civique_trace_inserted AFTER INSERT ON main.ip_traces
      WHEN civique_trace_outside_batch()
      BEGIN SELECT civique_trace_inserted(NEW.scope); END;
      CREATE TEMP TRIGGER IF NOT EXISTS civique_trace_deleted AFTER DELETE ON main.ip_traces
      BEGIN SELECT civique_trace_deleted(OLD.scope, OLD.ip_hash, OLD.prefix_hash, OLD.site_hash, OLD.created_at); END;
      CREATE TEMP TRIGGER IF NOT EXISTS civique_trace_moved AFTER UPDATE OF scope, ip_hash, prefix_hash, site_hash, created_at ON main.ip_traces
      BEGIN SELECT civique_trace_moved(OLD.scope, NEW.scope); END;`);
  }

  /** First statement of a writer batch's transaction: forget everything if another connection committed. */
  begin(): void {
    const version = this.#dataVersion.get() as number;
    if (version !== this.#seenVersion) this.#scopes.clear();
    this.#seenVersion = version;
    this.#inBatch = true;
  }

  /** After the batch's COMMIT, or its rollback (then what the batch added or removed here is unknown). */
  end(committed: boolean): void {
    this.#inBatch = false;
    if (!committed) this.#scopes.clear();
  }

  /** A trace the writer inserted in its batch (the insert trigger is off then). */
  added(scope: string, hashes: { ipHash: Buffer; prefixHash: Buffer; siteHash: Buffer | null }, createdAt: number): void {
    this.#scopes.get(scope)?.add(traceKeys(hashes.ipHash, hashes.prefixHash, hashes.siteHash), createdAt);
  }

  /** Traces in the consultation since `since` whose `which` hash is one of `hashes`, counted up to `limit`. */
  count(scope: string, which: TraceScope, hashes: Buffer[], since: number, limit: number): number {
    let traces = this.#scopes.get(scope);
    if (!traces || since < traces.since || Date.now() - traces.readAt > PRUNE_AFTER) traces = this.#read(scope, since);
    let n = 0;
    for (const hash of hashes) {
      n += traces.count(which, hashKey(hash)!, since, limit - n);
      if (n >= limit) break;
    }
    return n;
  }

  #read(scope: string, since: number): ScopeTraces {
    const traces = new ScopeTraces(since);
    for (const row of this.#load.iterate(scope, since)) {
      traces.add(traceKeys(row.ip_hash, row.prefix_hash, row.site_hash), row.created_at);
    }
    this.#scopes.set(scope, traces);
    return traces;
  }
}
