import type { Db } from '../db/open.ts';
import type { TraceScope } from './participation.ts';

interface Entry {
  createdAt: number;
  ip: string;
  prefix: string;
  site: string | null;
}

/**
 * One consultation's traces, by row and by each hash, from `since` on (every trace of the scope newer than it).
 * Each hash maps to the rowids of its traces in a plain array: most hashes have one trace, and a `Set` per hash
 * cost more memory and time than the caps' few entries ever need (an address over its cap has `max` of them).
 */
class ScopeTraces {
  readonly rows = new Map<number, Entry>();
  readonly byHash: Record<TraceScope, Map<string, number[]>> = { ip: new Map(), prefix: new Map(), site: new Map() };
  /** When it was read (real time: only to drop, now and then, what no window needs any more). */
  readonly readAt = Date.now();
  constructor(readonly since: number) {}

  add(rowid: number, entry: Entry): void {
    this.rows.set(rowid, entry);
    this.#link('ip', entry.ip, rowid);
    this.#link('prefix', entry.prefix, rowid);
    if (entry.site !== null) this.#link('site', entry.site, rowid);
  }

  remove(rowid: number): void {
    const entry = this.rows.get(rowid);
    if (!entry) return;
    this.rows.delete(rowid);
    this.#unlink('ip', entry.ip, rowid);
    this.#unlink('prefix', entry.prefix, rowid);
    if (entry.site !== null) this.#unlink('site', entry.site, rowid);
  }

  #link(which: TraceScope, hash: string, rowid: number): void {
    const ids = this.byHash[which].get(hash);
    if (ids) ids.push(rowid);
    else this.byHash[which].set(hash, [rowid]);
  }

  #unlink(which: TraceScope, hash: string, rowid: number): void {
    const ids = this.byHash[which].get(hash);
    if (!ids) return;
    const at = ids.indexOf(rowid);
    if (at >= 0) ids.splice(at, 1);
    if (ids.length === 0) this.byHash[which].delete(hash);
  }
}

/** Past this, a consultation's traces are read again at its next count, which drops those no window needs. */
const PRUNE_AFTER = 6 * 60 * 60 * 1000;

/** A keyed hash as a map key: one character per byte, so equal bytes give equal strings. */
const hashKey = (hash: Buffer | null): string | null => (hash === null ? null : hash.toString('latin1'));

/**
 * The participation writer's count of recent traces per keyed hash, held in memory: counting them in SQL needed
 * an index per hash, keyed by random values, and every participation rewrote random pages of those indexes at
 * each commit (≈ 35 µs of CPU per participation, more than all its other rows).
 *
 * It counts exactly what `ip_traces` holds, whoever changes it:
 * - inside a writer batch, the writer reports each trace it adds (`added`: a batch adds traces only through
 *   `ParticipationTx.addTrace`), and a temporary trigger each deleted one; if the batch's transaction is rolled
 *   back, the whole index is dropped (`end(false)`). The insert trigger is off during a batch (a flag in a temp
 *   table, flipped inside the batch's own transaction): calling back into JavaScript for every row the writer
 *   already knows cost about a tenth of a ballot's CPU;
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
  readonly #writerInside: (inside: 0 | 1) => void;
  #seenVersion = -1;
  #inBatch = false;

  constructor(db: Db) {
    this.#load = db.prepare<[string, number], { id: number; ip_hash: Buffer; prefix_hash: Buffer; site_hash: Buffer | null; created_at: number }>(
      'SELECT id, ip_hash, prefix_hash, site_hash, created_at FROM ip_traces WHERE scope = ? AND created_at >= ?',
    );
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
    db.function('civique_trace_inserted', (scope, id, ip, prefix, site, createdAt) => {
      const traces = this.#scopes.get(scope as string);
      if (!traces) return null;
      if (!this.#inBatch) this.#scopes.delete(scope as string);
      else
        traces.add(Number(id), {
          createdAt: createdAt as number,
          ip: hashKey(ip as Buffer)!,
          prefix: hashKey(prefix as Buffer)!,
          site: hashKey(site as Buffer | null),
        });
      return null;
    });
    db.function('civique_trace_deleted', (scope, id) => {
      const traces = this.#scopes.get(scope as string);
      if (!traces) return null;
      if (!this.#inBatch) this.#scopes.delete(scope as string);
      else traces.remove(Number(id));
      return null;
    });
    db.function('civique_trace_moved', (before, after) => {
      this.#scopes.delete(before as string);
      this.#scopes.delete(after as string);
      return null;
    });
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS civique_trace_writer (inside INTEGER NOT NULL);
      INSERT INTO temp.civique_trace_writer SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM temp.civique_trace_writer);
      CREATE TEMP TRIGGER IF NOT EXISTS civique_trace_inserted AFTER INSERT ON main.ip_traces
      WHEN (SELECT inside FROM temp.civique_trace_writer) = 0
      BEGIN SELECT civique_trace_inserted(NEW.scope, NEW.id, NEW.ip_hash, NEW.prefix_hash, NEW.site_hash, NEW.created_at); END;
      CREATE TEMP TRIGGER IF NOT EXISTS civique_trace_deleted AFTER DELETE ON main.ip_traces
      BEGIN SELECT civique_trace_deleted(OLD.scope, OLD.id); END;
      CREATE TEMP TRIGGER IF NOT EXISTS civique_trace_moved AFTER UPDATE OF scope, ip_hash, prefix_hash, site_hash, created_at ON main.ip_traces
      BEGIN SELECT civique_trace_moved(OLD.scope, NEW.scope); END;`);
    const setInside = db.prepare('UPDATE temp.civique_trace_writer SET inside = ?');
    this.#writerInside = (inside: 0 | 1) => void setInside.run(inside);
  }

  /** First statement of a writer batch's transaction: forget everything if another connection committed. */
  begin(): void {
    const version = this.#dataVersion.get() as number;
    if (version !== this.#seenVersion) this.#scopes.clear();
    this.#seenVersion = version;
    this.#inBatch = true;
    // Inside the transaction: a rollback turns the insert trigger back on with everything else.
    this.#writerInside(1);
  }

  /** After the batch's COMMIT, or its rollback (then what the batch added or removed here is unknown). */
  end(committed: boolean): void {
    this.#inBatch = false;
    if (committed) this.#writerInside(0);
    else this.#scopes.clear();
  }

  /** A trace the writer inserted in its batch (the insert trigger is off then). */
  added(scope: string, rowid: number, hashes: { ipHash: Buffer; prefixHash: Buffer; siteHash: Buffer | null }, createdAt: number): void {
    this.#scopes.get(scope)?.add(rowid, { createdAt, ip: hashKey(hashes.ipHash)!, prefix: hashKey(hashes.prefixHash)!, site: hashKey(hashes.siteHash) });
  }

  /** Traces in the consultation since `since` whose `which` hash is one of `hashes`, counted up to `limit`. */
  count(scope: string, which: TraceScope, hashes: Buffer[], since: number, limit: number): number {
    let traces = this.#scopes.get(scope);
    if (!traces || since < traces.since || Date.now() - traces.readAt > PRUNE_AFTER) traces = this.#read(scope, since);
    let n = 0;
    for (const hash of hashes) {
      const ids = traces.byHash[which].get(hashKey(hash)!);
      if (ids === undefined) continue;
      for (const rowid of ids) {
        if (traces.rows.get(rowid)!.createdAt >= since && ++n >= limit) return n;
      }
    }
    return n;
  }

  #read(scope: string, since: number): ScopeTraces {
    const traces = new ScopeTraces(since);
    for (const row of this.#load.iterate(scope, since)) {
      traces.add(row.id, { createdAt: row.created_at, ip: hashKey(row.ip_hash)!, prefix: hashKey(row.prefix_hash)!, site: hashKey(row.site_hash) });
    }
    this.#scopes.set(scope, traces);
    return traces;
  }
}
