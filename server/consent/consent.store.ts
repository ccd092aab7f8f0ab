import type { Db } from '../db/open.ts';
import { stuffingSql, type IpTrace } from '../stuffing/stuffing.store.ts';

export type ConsentAction = 'accept_all' | 'refuse_all' | 'custom';
export type ConsentLocale = 'fr' | 'en';

/** One choice a visitor made in the consent banner: the proof the tenant can show. */
export interface ConsentRecord {
  id: string;
  tenantId: string;
  /** The random id the banner keeps in its cookie; a visitor's records share it. */
  consentId: string;
  accountId: string | null;
  action: ConsentAction;
  /** Purpose id → accepted (or, for an exempt purpose, not objected to). */
  choices: Record<string, boolean>;
  configVersion: string;
  textHash: string;
  locale: ConsentLocale;
  pageOrigin: string | null;
  /** Over the anti-stuffing caps: kept as proof, but flagged for review. */
  quarantined: boolean;
  createdAt: number;
}

/** A record with the keyed hashes of the address it came from, while they last (90 days). */
export interface ConsentRecordWithTrace extends ConsentRecord {
  ipTrace: { ipHash: Buffer; prefixHash: Buffer; createdAt: number } | null;
}

export interface ConsentStore {
  /** Inserts the record and its anti-stuffing trace in one transaction. */
  insert(record: ConsentRecord, trace: IpTrace): Promise<void>;
  /** A visitor's records on one tenant's sites, oldest first. */
  /**
   * The records under a consent id. With `viewer` (an account id, or null for a visitor without a session), only
   * the unlinked ones and those linked to that account: a linked record is the account's, not the id's.
   */
  listByConsentId(tenantId: string, consentId: string, viewer?: string | null): Promise<ConsentRecordWithTrace[]>;
  listForAccount(accountId: string): Promise<ConsentRecordWithTrace[]>;
  /** Erases a visitor's records and their traces; returns how many records went. */
  deleteByConsentId(tenantId: string, consentId: string, viewer?: string | null): Promise<number>;
  deleteForAccount(accountId: string): Promise<number>;
  /** Erases records made before `before` (and their traces); returns how many. */
  deleteBefore(before: number): Promise<number>;
}

/** The participation kind of consent traces in `ip_traces`; their participation id is the record's id. */
export const CONSENT_TRACE_KIND = 'consent';

interface ConsentRow {
  id: string;
  tenant_id: string;
  consent_id: string;
  account_id: string | null;
  action: ConsentAction;
  choices: string;
  config_version: string;
  text_hash: string;
  locale: ConsentLocale;
  page_origin: string | null;
  quarantined: number;
  created_at: number;
  ip_hash: Buffer | null;
  prefix_hash: Buffer | null;
  trace_created_at: number | null;
}

const toRecord = (row: ConsentRow): ConsentRecordWithTrace => ({
  id: row.id,
  tenantId: row.tenant_id,
  consentId: row.consent_id,
  accountId: row.account_id,
  action: row.action,
  choices: JSON.parse(row.choices) as Record<string, boolean>,
  configVersion: row.config_version,
  textHash: row.text_hash,
  locale: row.locale,
  pageOrigin: row.page_origin,
  quarantined: row.quarantined === 1,
  createdAt: row.created_at,
  ipTrace:
    row.ip_hash && row.prefix_hash && row.trace_created_at !== null
      ? { ipHash: row.ip_hash, prefixHash: row.prefix_hash, createdAt: row.trace_created_at }
      : null,
});

const SELECT_WITH_TRACE = `
  SELECT r.*, t.ip_hash, t.prefix_hash, t.created_at AS trace_created_at
  FROM consent_records r
  LEFT JOIN ip_traces t ON t.participation_kind = '${CONSENT_TRACE_KIND}' AND t.participation_id = r.id`;

const TRACES_OF = (where: string) =>
  `DELETE FROM ip_traces WHERE participation_kind = '${CONSENT_TRACE_KIND}'
     AND participation_id IN (SELECT id FROM consent_records WHERE ${where})`;

export function createSqliteConsentStore(db: Db): ConsentStore {
  const traces = stuffingSql(db);
  const insert = db.prepare(`
    INSERT INTO consent_records (id, tenant_id, consent_id, account_id, action, choices, config_version, text_hash, locale,
                                 page_origin, quarantined, created_at)
    VALUES (:id, :tenantId, :consentId, :accountId, :action, :choices, :configVersion, :textHash, :locale,
            :pageOrigin, :quarantined, :createdAt)`);
  // :anyone = 1 reads every record (store callers); otherwise only unlinked ones and those of :viewer.
  const VISIBLE = 'tenant_id = :tenantId AND consent_id = :consentId AND (:anyone = 1 OR account_id IS NULL OR account_id = :viewer)';
  const byConsentId = db.prepare<{ tenantId: string; consentId: string; anyone: number; viewer: string | null }, ConsentRow>(
    `${SELECT_WITH_TRACE} WHERE r.tenant_id = :tenantId AND r.consent_id = :consentId
       AND (:anyone = 1 OR r.account_id IS NULL OR r.account_id = :viewer) ORDER BY r.created_at, r.rowid`,
  );
  const byAccount = db.prepare<[string], ConsentRow>(`${SELECT_WITH_TRACE} WHERE r.account_id = ? ORDER BY r.created_at, r.rowid`);
  const deleteTracesByConsentId = db.prepare(TRACES_OF(VISIBLE));
  const deleteByConsentId = db.prepare(`DELETE FROM consent_records WHERE ${VISIBLE}`);
  const deleteTracesForAccount = db.prepare(TRACES_OF('account_id = ?'));
  const deleteForAccount = db.prepare('DELETE FROM consent_records WHERE account_id = ?');
  const deleteTracesBefore = db.prepare(TRACES_OF('created_at < ?'));
  const deleteBefore = db.prepare('DELETE FROM consent_records WHERE created_at < ?');

  const insertTx = db.transaction((record: ConsentRecord, trace: IpTrace) => {
    insert.run({ ...record, choices: JSON.stringify(record.choices), quarantined: record.quarantined ? 1 : 0 });
    traces.insertTrace(trace);
  });
  const eraseTx = db.transaction((tracesStmt: typeof deleteTracesBefore, recordsStmt: typeof deleteBefore, ...args: unknown[]) => {
    tracesStmt.run(...args);
    return recordsStmt.run(...args).changes;
  });

  return {
    async insert(record, trace) {
      insertTx(record, trace);
    },
    async listByConsentId(tenantId, consentId, viewer) {
      return byConsentId.all({ tenantId, consentId, anyone: viewer === undefined ? 1 : 0, viewer: viewer ?? null }).map(toRecord);
    },
    async listForAccount(accountId) {
      return byAccount.all(accountId).map(toRecord);
    },
    async deleteByConsentId(tenantId, consentId, viewer) {
      return eraseTx(deleteTracesByConsentId, deleteByConsentId, { tenantId, consentId, anyone: viewer === undefined ? 1 : 0, viewer: viewer ?? null });
    },
    async deleteForAccount(accountId) {
      return eraseTx(deleteTracesForAccount, deleteForAccount, accountId);
    },
    async deleteBefore(before) {
      return eraseTx(deleteTracesBefore, deleteBefore, before);
    },
  };
}
