import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.ts';
import type { HashKey, KeyPurpose, KeyStore } from '../key-ring.ts';

export type IpHashKey = HashKey;

/** One participation's anti-stuffing trace: keyed hashes only, never the address. */
export interface IpTrace {
  scope: string;
  participationKind: string;
  participationId: string;
  accountId: string | null;
  /** Null once the key is destroyed. */
  keyId: number | null;
  ipHash: Buffer;
  prefixHash: Buffer;
  /** IPv6 only: the /48 site's hash (null for IPv4). */
  siteHash?: Buffer | null;
  createdAt: number;
}

/** Which hash of a trace a cap counts. */
export type TraceHash = 'ip' | 'prefix' | 'site';

/** Also the store of every rotating hash key (`KeyRing`): IP traces' and rate-limit counters'. */
export interface StuffingStore extends KeyStore {
  /** Keys of one purpose (default `ip`) not destroyed yet, newest first. */
  liveKeys(purpose?: KeyPurpose): Promise<IpHashKey[]>;
  insertKey(secret: Buffer, createdAt: number, purpose?: KeyPurpose): Promise<IpHashKey>;
  retireKey(id: number, at: number): Promise<void>;
  /**
   * Traces of `kind` in `scope` since `since` whose ip (prefix, site) hash is one of `hashes`, counted up to
   * `limit`. (The participation writer counts its own kinds in memory: `participation/trace-index.ts`.)
   */
  countRecent(scope: string, kind: string, which: TraceHash, hashes: Buffer[], since: number, limit: number): Promise<number>;
  insertTrace(trace: IpTrace): Promise<void>;
  listForAccount(accountId: string): Promise<IpTrace[]>;
  deleteForAccount(accountId: string): Promise<void>;
  deleteForScope(scope: string): Promise<void>;
  /** Erases traces older than `before`; returns how many. */
  deleteBefore(before: number): Promise<number>;
  /**
   * Destroys keys of every purpose created before `before`. Traces made with them stay, unlinkable, until their
   * own erasure; rate-limit counters made with them go with them.
   */
  destroyKeysCreatedBefore(before: number): Promise<number>;
}

interface KeyRow {
  id: number;
  secret: Buffer;
  created_at: number;
  retired_at: number | null;
}

interface TraceRow {
  scope: string;
  participation_kind: string;
  participation_id: string;
  account_id: string | null;
  key_id: number | null;
  ip_hash: Buffer;
  prefix_hash: Buffer;
  site_hash: Buffer | null;
  created_at: number;
}

const toKey = (row: KeyRow): IpHashKey => ({ id: row.id, secret: row.secret, createdAt: row.created_at, retiredAt: row.retired_at });
const toTrace = (row: TraceRow): IpTrace => ({
  scope: row.scope,
  participationKind: row.participation_kind,
  participationId: row.participation_id,
  accountId: row.account_id,
  keyId: row.key_id,
  ipHash: row.ip_hash,
  prefixHash: row.prefix_hash,
  siteHash: row.site_hash,
  createdAt: row.created_at,
});

const INSERT_TRACE = `
  INSERT INTO ip_traces (scope, participation_kind, participation_id, account_id, key_id, ip_hash, prefix_hash, site_hash, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Synchronous helpers for stores that write a participation and its trace in one transaction (the
 * participation writer). Statements are prepared once per database.
 */
export function stuffingSql(db: Db) {
  // Bound by position: a trace is written with every participation, and named parameters are looked up each time.
  const insert = db.prepare<[string, string, string, string | null, number | null, Buffer, Buffer, Buffer | null, number]>(INSERT_TRACE);
  const counters = new Map<string, Statement<unknown[], { n: number }>>();
  const counter = (kind: string, which: TraceHash, n: number) => {
    const name = `${kind} ${which} ${n}`;
    let stmt = counters.get(name);
    if (!stmt) {
      // The kind is written as a literal, not bound: only then can SQLite use the partial hash indexes that
      // exist for the kinds counted in SQL (consent proofs, migration 0015).
      if (!/^[a-z_]+$/.test(kind)) throw new Error(`[civique] not a participation kind: ${kind}`);
      const list = Array.from({ length: n }, () => '?').join(', ');
      stmt = db.prepare<unknown[], { n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ip_traces
          WHERE participation_kind = '${kind}' AND scope = ? AND ${which}_hash IN (${list}) AND created_at >= ? LIMIT ?)`,
      );
      counters.set(name, stmt);
    }
    return stmt;
  };
  return {
    /** @returns the trace's rowid */
    insertTrace(t: IpTrace): number {
      return Number(
        insert.run(t.scope, t.participationKind, t.participationId, t.accountId, t.keyId, t.ipHash, t.prefixHash, t.siteHash ?? null, t.createdAt)
          .lastInsertRowid,
      );
    },
    countRecent(scope: string, kind: string, which: TraceHash, hashes: Buffer[], since: number, limit: number): number {
      if (hashes.length === 0) return 0;
      return counter(kind, which, hashes.length).get(scope, ...hashes, since, limit)!.n;
    },
  };
}

/**
 * The 90-day erasure, scope by scope through ip_traces (scope, created_at), each next scope found by one seek in
 * that index (a loose scan): the traces have no index on time alone, which every participation would have to
 * write (migration 0022). Exported for the test that holds its query plan to that index.
 */
export const ERASE_TRACES_BEFORE = `
  WITH RECURSIVE scopes (scope) AS (
    SELECT min(scope) FROM ip_traces
    UNION ALL
    SELECT (SELECT min(scope) FROM ip_traces WHERE scope > scopes.scope) FROM scopes WHERE scopes.scope IS NOT NULL)
  DELETE FROM ip_traces WHERE scope IN (SELECT scope FROM scopes WHERE scope IS NOT NULL) AND created_at < ?`;

export function createSqliteStuffingStore(db: Db): StuffingStore {
  const sql = stuffingSql(db);
  const liveKeys = db.prepare<[KeyPurpose], KeyRow>('SELECT * FROM ip_hash_keys WHERE purpose = ? ORDER BY created_at DESC, id DESC');
  const insertKey = db.prepare<{ secret: Buffer; createdAt: number; purpose: KeyPurpose }, KeyRow>(
    'INSERT INTO ip_hash_keys (secret, created_at, purpose) VALUES (:secret, :createdAt, :purpose) RETURNING *',
  );
  const retireKey = db.prepare('UPDATE ip_hash_keys SET retired_at = ? WHERE id = ? AND retired_at IS NULL');
  const listForAccount = db.prepare<[string], TraceRow>('SELECT * FROM ip_traces WHERE account_id = ? ORDER BY created_at');
  const deleteForAccount = db.prepare('DELETE FROM ip_traces WHERE account_id = ?');
  // A scope and the narrower scopes under it (`<consultation>/<proposal>`: a support's caps are per proposal).
  const deleteForScope = db.prepare(`DELETE FROM ip_traces WHERE scope = :scope OR (scope >= :scope || '/' AND scope < :scope || '0')`);
  const deleteBefore = db.prepare<[number]>(ERASE_TRACES_BEFORE);
  // Traces lose their key (ON DELETE SET NULL, one read of ip_traces per destroyed key: a key a month) and stay
  // until their own erasure; counters go (ON DELETE CASCADE).
  const destroyKeys = db.prepare('DELETE FROM ip_hash_keys WHERE created_at < ?');
  const destroyTx = (before: number) => destroyKeys.run(before).changes;

  return {
    async liveKeys(purpose = 'ip') {
      return liveKeys.all(purpose).map(toKey);
    },
    async insertKey(secret, createdAt, purpose = 'ip') {
      return toKey(insertKey.get({ secret, createdAt, purpose })!);
    },
    async retireKey(id, at) {
      retireKey.run(at, id);
    },
    async countRecent(scope, kind, which, hashes, since, limit) {
      return sql.countRecent(scope, kind, which, hashes, since, limit);
    },
    async insertTrace(trace) {
      sql.insertTrace(trace);
    },
    async listForAccount(accountId) {
      return listForAccount.all(accountId).map(toTrace);
    },
    async deleteForAccount(accountId) {
      deleteForAccount.run(accountId);
    },
    async deleteForScope(scope) {
      deleteForScope.run({ scope });
    },
    async deleteBefore(before) {
      return deleteBefore.run(before).changes;
    },
    async destroyKeysCreatedBefore(before) {
      return destroyTx(before);
    },
  };
}
