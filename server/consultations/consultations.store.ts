import { insertAuditEvent, type NewAuditEvent } from '../audit/audit.store.ts';
import type { Db } from '../db/open.ts';

export const CONSULTATION_KINDS = ['vote', 'budget', 'survey', 'proposals', 'resources'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

/**
 * Each kind's settings parser, given by the app (`server/consultation-settings.ts`): the schemas live in the
 * kinds' own features, which import consultations, not the other way round.
 */
export interface SettingsParser {
  /** @throws DomainError `validation_failed` with paths under `settings.` */
  parse(kind: ConsultationKind, settings: unknown): Record<string, unknown>;
}

/** The longest window an anti-stuffing cap may have. */
export const MAX_CAP_WINDOW_MINUTES = 7 * 24 * 60;

/** What the citizen is told before taking part (GDPR art. 13): why, who receives it, how long it is kept. */
export interface PrivacyNotice {
  purposes: string[];
  recipients: string[];
  retention: string;
}

/** A cap on participations from one address (or one network prefix) within a sliding window. */
export interface IpCap {
  max: number;
  windowMinutes: number;
}

export interface StuffingPolicy {
  requireVerifiedEmail: boolean;
  perIp: IpCap | null;
  perPrefix: IpCap | null;
  /** IPv6 only: per /48 site. Absent in policies stored before it existed: `DEFAULT_SITE_CAP` applies. */
  perSite?: IpCap | null;
}

/** The cap per IPv6 /48 site, as the /24 one for IPv4 networks; policies stored before it existed get it too. */
export const DEFAULT_SITE_CAP: IpCap = { max: 200, windowMinutes: 24 * 60 };

/** The policy's cap per IPv6 site (`null`: none). */
export const siteCap = (policy: StuffingPolicy): IpCap | null => (policy.perSite === undefined ? DEFAULT_SITE_CAP : policy.perSite);

export interface Consultation {
  id: string;
  tenantId: string;
  slug: string;
  kind: ConsultationKind;
  title: string;
  description: string;
  opensAt: number;
  closesAt: number;
  retentionEnd: number;
  privacyNotice: PrivacyNotice;
  allowAnonymous: boolean;
  stuffingPolicy: StuffingPolicy;
  /** Kind-specific configuration (options, budget, questions…), validated by `consultation-settings.ts`. */
  settings: Record<string, unknown>;
  purgedAt: number | null;
  /** When staff archived it: out of the public list, still read by staff. Absent or null: not archived. */
  archivedAt?: number | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * Each kind's participation table: a consultation with a row in any of them has had participation (whatever its
 * status) and can no longer be deleted. A new kind adds its table here.
 */
const PARTICIPATION_TABLES = ['ballots', 'survey_responses', 'proposals', 'proposal_supports'] as const;

export interface ConsultationStore {
  get(id: string): Promise<Consultation | undefined>;
  getBySlug(tenantId: string, slug: string): Promise<Consultation | undefined>;
  listByTenant(tenantId: string): Promise<Consultation[]>;
  /** Inserts it, and the audit event when given, in one transaction. */
  insert(consultation: Consultation, audit?: NewAuditEvent): Promise<void>;
  /** Updates it, and writes the audit event when given, in one transaction. */
  update(consultation: Consultation, audit?: NewAuditEvent): Promise<void>;
  /** Consultations whose retention end has passed and whose personal data has not been purged yet. */
  listDueForPurge(now: number): Promise<Consultation[]>;
  markPurged(id: string, at: number): Promise<void>;
  /**
   * Deletes the consultation and everything hanging on it, in one transaction, unless anyone has taken part in it
   * (checked in that same transaction). Returns whether it was deleted.
   */
  deleteUnlessParticipated(id: string, audit?: NewAuditEvent): Promise<boolean>;
}

interface ConsultationRow {
  id: string;
  tenant_id: string;
  slug: string;
  kind: ConsultationKind;
  title: string;
  description: string;
  opens_at: number;
  closes_at: number;
  retention_end: number;
  privacy_notice: string;
  allow_anonymous: number;
  stuffing_policy: string;
  settings: string;
  purged_at: number | null;
  archived_at: number | null;
  created_at: number;
  updated_at: number;
}

const toConsultation = (row: ConsultationRow): Consultation => ({
  id: row.id,
  tenantId: row.tenant_id,
  slug: row.slug,
  kind: row.kind,
  title: row.title,
  description: row.description,
  opensAt: row.opens_at,
  closesAt: row.closes_at,
  retentionEnd: row.retention_end,
  privacyNotice: JSON.parse(row.privacy_notice),
  allowAnonymous: row.allow_anonymous === 1,
  stuffingPolicy: JSON.parse(row.stuffing_policy),
  settings: JSON.parse(row.settings),
  purgedAt: row.purged_at,
  archivedAt: row.archived_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toParams = (c: Consultation) => ({
  id: c.id,
  tenantId: c.tenantId,
  slug: c.slug,
  kind: c.kind,
  title: c.title,
  description: c.description,
  opensAt: c.opensAt,
  closesAt: c.closesAt,
  retentionEnd: c.retentionEnd,
  privacyNotice: JSON.stringify(c.privacyNotice),
  allowAnonymous: c.allowAnonymous ? 1 : 0,
  stuffingPolicy: JSON.stringify(c.stuffingPolicy),
  settings: JSON.stringify(c.settings),
  purgedAt: c.purgedAt,
  archivedAt: c.archivedAt ?? null,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export function createSqliteConsultationStore(db: Db): ConsultationStore {
  const getStmt = db.prepare<[string], ConsultationRow>('SELECT * FROM consultations WHERE id = ?');
  const getBySlugStmt = db.prepare<[string, string], ConsultationRow>('SELECT * FROM consultations WHERE tenant_id = ? AND slug = ?');
  const listStmt = db.prepare<[string], ConsultationRow>('SELECT * FROM consultations WHERE tenant_id = ? ORDER BY opens_at DESC, slug');
  const insertStmt = db.prepare(`
    INSERT INTO consultations (id, tenant_id, slug, kind, title, description, opens_at, closes_at, retention_end,
      privacy_notice, allow_anonymous, stuffing_policy, settings, purged_at, archived_at, created_at, updated_at)
    VALUES (:id, :tenantId, :slug, :kind, :title, :description, :opensAt, :closesAt, :retentionEnd,
      :privacyNotice, :allowAnonymous, :stuffingPolicy, :settings, :purgedAt, :archivedAt, :createdAt, :updatedAt)`);
  const updateStmt = db.prepare(`
    UPDATE consultations SET slug = :slug, title = :title, description = :description, opens_at = :opensAt,
      closes_at = :closesAt, retention_end = :retentionEnd, privacy_notice = :privacyNotice,
      allow_anonymous = :allowAnonymous, stuffing_policy = :stuffingPolicy, settings = :settings,
      purged_at = :purgedAt, archived_at = :archivedAt, updated_at = :updatedAt
    WHERE id = :id`);
  const dueStmt = db.prepare<[number], ConsultationRow>('SELECT * FROM consultations WHERE retention_end <= ? AND purged_at IS NULL');
  const markPurgedStmt = db.prepare('UPDATE consultations SET purged_at = ? WHERE id = ?');
  const audit = insertAuditEvent(db);
  const insert = db.transaction((consultation: Consultation, event?: NewAuditEvent) => {
    insertStmt.run(toParams(consultation));
    if (event) audit(event);
  });
  const update = db.transaction((consultation: Consultation, event?: NewAuditEvent) => {
    updateStmt.run(toParams(consultation));
    if (event) audit(event);
  });
  const participatedStmt = db.prepare<{ id: string }, { participated: number }>(
    `SELECT ${PARTICIPATION_TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table} WHERE consultation_id = :id)`).join(' OR ')} AS participated`,
  );
  // Kinds' rows, counters and drafts go by ON DELETE CASCADE; traces are keyed by scope, without a foreign key.
  const deleteTracesStmt = db.prepare<{ scope: string }>(`DELETE FROM ip_traces WHERE scope = :scope OR (scope >= :scope || '/' AND scope < :scope || '0')`);
  const deleteStmt = db.prepare('DELETE FROM consultations WHERE id = ?');
  const deleteUnlessParticipated = db.transaction((id: string, event?: NewAuditEvent) => {
    if (participatedStmt.get({ id })!.participated) return false;
    deleteTracesStmt.run({ scope: id });
    const deleted = deleteStmt.run(id).changes === 1;
    if (deleted && event) audit(event);
    return deleted;
  });

  return {
    async get(id) {
      const row = getStmt.get(id);
      return row && toConsultation(row);
    },
    async getBySlug(tenantId, slug) {
      const row = getBySlugStmt.get(tenantId, slug);
      return row && toConsultation(row);
    },
    async listByTenant(tenantId) {
      return listStmt.all(tenantId).map(toConsultation);
    },
    async insert(consultation, event) {
      insert(consultation, event);
    },
    async update(consultation, event) {
      update(consultation, event);
    },
    async listDueForPurge(now) {
      return dueStmt.all(now).map(toConsultation);
    },
    async markPurged(id, at) {
      markPurgedStmt.run(at, id);
    },
    async deleteUnlessParticipated(id, event) {
      return deleteUnlessParticipated.immediate(id, event);
    },
  };
}
