import type { Db } from '../db/open.ts';
import { searchQuery } from '../db/fts.ts';
import { insertOutboxMail, type OutboxMail } from '../mail/outbox.store.ts';
import type { ModerationState } from '../moderation/moderation.ts';
import type { Participant } from '../participation/participant.ts';
import type { KindRows, ParticipationRecord, ParticipationStatus } from '../participation/participation.ts';
import type { ImageType } from '../images/images.ts';
import { PROPOSAL_KIND, type AnswerStatus, type ProposalSort } from './proposals.ts';

export interface DraftAnswer {
  status: Exclude<AnswerStatus, 'none'>;
  text: string;
  answeringBody: string;
  by: string | null;
  updatedAt: number;
}

export interface Proposal {
  seq: number;
  id: string;
  consultationId: string;
  accountId: string | null;
  participantHash: Buffer | null;
  title: string;
  text: string;
  category: string | null;
  quartier: string | null;
  imageId: string | null;
  contactConsent: boolean;
  returnUrl: string;
  withdrawnAt: number | null;
  supportCount: number;
  answerStatus: AnswerStatus;
  answerText: string | null;
  answeringBody: string | null;
  answeredAt: number | null;
  draft: DraftAnswer | null;
  budgetProjectId: string | null;
  createdAt: number;
  /** From the shared moderation (null only before it is registered). */
  moderation: ModerationState | null;
  /** The statement of the latest rejection. */
  rejectionReason: string | null;
  flags: number;
}

export type NewProposal = Omit<
  Proposal,
  | 'seq'
  | 'withdrawnAt'
  | 'supportCount'
  | 'answerStatus'
  | 'answerText'
  | 'answeringBody'
  | 'answeredAt'
  | 'draft'
  | 'budgetProjectId'
  | 'moderation'
  | 'rejectionReason'
  | 'flags'
>;

export interface ProposalImage {
  id: string;
  consultationId: string;
  accountId: string | null;
  participantHash: Buffer | null;
  contentType: ImageType;
  width: number;
  height: number;
  bytes: Buffer;
  createdAt: number;
  /** The proposal it is attached to, with that proposal's moderation state and withdrawal. */
  attachedTo: { id: string; moderation: ModerationState | null; withdrawn: boolean } | null;
}

export interface Support extends ParticipationRecord {
  proposalId: string;
  createdAt: number;
}

export interface Subscription {
  id: number;
  proposalId: string;
  email: string;
  locale: 'fr' | 'en';
  confirmedAt: number | null;
  notifiedAt: number | null;
  createdAt: number;
}

export interface SubscriptionWithProposal extends Subscription {
  tenantId: string;
  slug: string;
  title: string;
}

export interface ListFilter {
  /** Only published, not withdrawn proposals (the citizens' list); otherwise every one (staff). */
  publishedOnly: boolean;
  moderation?: ModerationState | 'withdrawn';
  category?: string;
  quartier?: string;
  answer?: AnswerStatus;
  /** Words searched in titles and texts, accents ignored. */
  q?: string;
  sort: ProposalSort;
  /** The position after which the page starts (from the previous page's last item). */
  after?: { key: number; seq: number };
  limit: number;
}

/** An answer published, and the mails that tell of it: written in one transaction. */
export interface AnswerPublication {
  proposalId: string;
  mails: OutboxMail[];
  /** Subscriptions mailed: their token is replaced by the one in the mail, and they are marked notified. */
  subscriptions: { id: number; tokenHash: Buffer }[];
}

export interface ProposalStore {
  insertImage(image: Omit<ProposalImage, 'attachedTo'>): Promise<void>;
  getImage(id: string, tenantId: string): Promise<ProposalImage | undefined>;
  /** Erases images created before `before` that no proposal uses; returns how many. */
  deleteUnattachedImages(before: number): Promise<number>;
  /** Inserts the proposal and, when given, the anonymous author's subscription (one transaction). */
  insert(proposal: NewProposal, subscription?: { email: string; locale: 'fr' | 'en'; tokenHash: Buffer; createdAt: number; mail: OutboxMail }): Promise<void>;
  get(tenantId: string, consultationId: string, id: string): Promise<Proposal | undefined>;
  /** The sort key of a proposal in `sort` (the cursor's first half). */
  sortKey(proposal: Proposal, sort: ProposalSort): number;
  list(tenantId: string, consultationId: string, filter: ListFilter): Promise<Proposal[]>;
  withdraw(id: string, now: number): Promise<boolean>;
  saveDraft(id: string, draft: DraftAnswer): Promise<void>;
  /** Publishes each draft and queues its mails; ids without a draft are skipped. Returns the ids published. */
  publishAnswers(publications: AnswerPublication[], now: number): Promise<string[]>;
  /** The delivery of the mails queued by the last publication of its answer; null when none was queued. */
  answerMailStatus(proposalId: string): Promise<'pending' | 'sent' | 'failed' | null>;
  /** Supports of one proposal, for the participation writer. */
  supportRows(proposalId: string): KindRows<Support>;
  supportedBy(consultationId: string, participant: Participant): Promise<string[]>;
  /** One support of the consultation, whatever its proposal. */
  supportById(consultationId: string, id: number): Promise<Support | undefined>;
  /** Supports held back by the caps, oldest first after `afterId`, with their proposal's title. */
  listQuarantinedSupports(consultationId: string, afterId: number, limit: number): Promise<(Support & { proposalTitle: string })[]>;
  quarantinedSupportCount(consultationId: string): Promise<number>;
  subscriptionsOf(proposalId: string): Promise<(Subscription & { tokenHash: Buffer })[]>;
  /** The subscription with its proposal's title and consultation. */
  subscriptionByToken(tokenHash: Buffer): Promise<SubscriptionWithProposal | undefined>;
  confirmSubscription(tokenHash: Buffer, now: number): Promise<void>;
  deleteSubscription(tokenHash: Buffer): Promise<boolean>;
  markCopiedToBudget(ids: { proposalId: string; projectId: string }[]): Promise<void>;
  // Data rights.
  listForAccount(accountId: string): Promise<Proposal[]>;
  supportsOfAccount(accountId: string): Promise<Support[]>;
  imagesOfAccount(accountId: string): Promise<Omit<ProposalImage, 'bytes' | 'attachedTo'>[]>;
  /** Account erasure: supports and unattached images go; proposals are deleted or stay without author. */
  eraseAccount(accountId: string, proposals: 'keep_anonymous' | 'delete'): Promise<void>;
  /** Retention end: authors, anonymous ids and addresses are cut; the published proposals stay. */
  unlinkConsultation(consultationId: string): Promise<void>;
}

interface ProposalRow {
  seq: number;
  id: string;
  consultation_id: string;
  account_id: string | null;
  participant_hash: Buffer | null;
  title: string;
  text: string;
  category: string | null;
  quartier: string | null;
  image_id: string | null;
  contact_consent: number;
  return_url: string;
  withdrawn_at: number | null;
  support_count: number;
  answer_status: AnswerStatus;
  answer_text: string | null;
  answering_body: string | null;
  answered_at: number | null;
  draft_status: DraftAnswer['status'] | null;
  draft_text: string | null;
  draft_answering_body: string | null;
  draft_by: string | null;
  draft_updated_at: number | null;
  budget_project_id: string | null;
  created_at: number;
  moderation: ModerationState | null;
  rejection_reason: string | null;
  flags: number;
}

const toProposal = (row: ProposalRow): Proposal => ({
  seq: row.seq,
  id: row.id,
  consultationId: row.consultation_id,
  accountId: row.account_id,
  participantHash: row.participant_hash,
  title: row.title,
  text: row.text,
  category: row.category,
  quartier: row.quartier,
  imageId: row.image_id,
  contactConsent: row.contact_consent === 1,
  returnUrl: row.return_url,
  withdrawnAt: row.withdrawn_at,
  supportCount: row.support_count,
  answerStatus: row.answer_status,
  answerText: row.answer_text,
  answeringBody: row.answering_body,
  answeredAt: row.answered_at,
  draft:
    row.draft_status === null
      ? null
      : { status: row.draft_status, text: row.draft_text!, answeringBody: row.draft_answering_body!, by: row.draft_by, updatedAt: row.draft_updated_at! },
  budgetProjectId: row.budget_project_id,
  createdAt: row.created_at,
  moderation: row.moderation,
  rejectionReason: row.rejection_reason,
  flags: row.flags,
});

// The proposal with its moderation state, the statement of its latest rejection and its flags. `:tenantId`
// leads the moderation index (tenant, kind, target).
const SELECT_PROPOSAL = `
  SELECT p.*, m.state AS moderation,
    (SELECT d.statement FROM moderation_decisions d WHERE d.moderation_target = m.id AND d.to_state = 'rejected' ORDER BY d.id DESC LIMIT 1) AS rejection_reason,
    (SELECT count(*) FROM moderation_flags f WHERE f.moderation_target = m.id) AS flags
  FROM proposals p
  LEFT JOIN moderation_targets m ON m.tenant_id = :tenantId AND m.kind = '${PROPOSAL_KIND}' AND m.target_id = p.id`;

// Each sort: its key as an SQL expression (the same in ORDER BY, the cursor and the index) and in code.
const SORTS: Record<ProposalSort, { sql: string; key: (p: Proposal) => number }> = {
  newest: { sql: 'p.created_at', key: (p) => p.createdAt },
  supported: { sql: 'p.support_count', key: (p) => p.supportCount },
  answered: { sql: 'coalesce(p.answered_at, 0)', key: (p) => p.answeredAt ?? 0 },
};

interface SupportRow {
  id: number;
  consultation_id: string;
  proposal_id: string;
  account_id: string | null;
  participant_hash: Buffer | null;
  status: ParticipationStatus;
  reasons: string;
  created_at: number;
  updated_at: number;
  reviewed_at: number | null;
}

const toSupport = (row: SupportRow): Support => ({
  id: row.id,
  consultationId: row.consultation_id,
  proposalId: row.proposal_id,
  accountId: row.account_id,
  participantHash: row.participant_hash,
  status: row.status,
  reasons: JSON.parse(row.reasons),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  reviewedAt: row.reviewed_at,
});

interface SubscriptionRow {
  id: number;
  proposal_id: string;
  email: string;
  locale: 'fr' | 'en';
  token_hash: Buffer;
  confirmed_at: number | null;
  notified_at: number | null;
  created_at: number;
}

const toSubscription = (row: SubscriptionRow): Subscription & { tokenHash: Buffer } => ({
  id: row.id,
  proposalId: row.proposal_id,
  email: row.email,
  locale: row.locale,
  tokenHash: row.token_hash,
  confirmedAt: row.confirmed_at,
  notifiedAt: row.notified_at,
  createdAt: row.created_at,
});

export function createSqliteProposalStore(db: Db): ProposalStore {
  const insertImage = db.prepare(`
    INSERT INTO proposal_images (id, consultation_id, account_id, participant_hash, content_type, width, height, bytes, created_at)
    VALUES (:id, :consultationId, :accountId, :participantHash, :contentType, :width, :height, :bytes, :createdAt)`);
  const getImage = db.prepare<{ id: string; tenantId: string }, Record<string, unknown>>(`
    SELECT i.*, p.id AS proposal_id, p.withdrawn_at, m.state AS moderation
    FROM proposal_images i
    LEFT JOIN proposals p ON p.image_id = i.id
    LEFT JOIN moderation_targets m ON m.tenant_id = :tenantId AND m.kind = '${PROPOSAL_KIND}' AND m.target_id = p.id
    WHERE i.id = :id`);
  const deleteUnattached = db.prepare(
    'DELETE FROM proposal_images WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.image_id = proposal_images.id)',
  );
  const insert = db.prepare(`
    INSERT INTO proposals (id, consultation_id, account_id, participant_hash, title, text, category, quartier, image_id, contact_consent, return_url, created_at)
    VALUES (:id, :consultationId, :accountId, :participantHash, :title, :text, :category, :quartier, :imageId, :contactConsent, :returnUrl, :createdAt)`);
  const insertSubscription = db.prepare(`
    INSERT INTO proposal_subscriptions (proposal_id, email, locale, token_hash, created_at)
    VALUES (:proposalId, :email, :locale, :tokenHash, :createdAt)`);
  const insertTx = db.transaction((p: NewProposal, sub?: Parameters<ProposalStore['insert']>[1]) => {
    insert.run({ ...p, contactConsent: p.contactConsent ? 1 : 0 });
    if (sub) {
      insertSubscription.run({ proposalId: p.id, email: sub.email, locale: sub.locale, tokenHash: sub.tokenHash, createdAt: sub.createdAt });
      insertOutboxMail(db, sub.mail);
    }
  });
  const get = db.prepare<{ tenantId: string; consultationId: string; id: string }, ProposalRow>(
    `${SELECT_PROPOSAL} WHERE p.id = :id AND p.consultation_id = :consultationId`,
  );
  const withdraw = db.prepare('UPDATE proposals SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL');
  const saveDraft = db.prepare(`
    UPDATE proposals SET draft_status = :status, draft_text = :text, draft_answering_body = :answeringBody, draft_by = :by, draft_updated_at = :updatedAt
    WHERE id = :id`);
  const publish = db.prepare(`
    UPDATE proposals SET answer_status = draft_status, answer_text = draft_text, answering_body = draft_answering_body, answered_at = :now,
      draft_status = NULL, draft_text = NULL, draft_answering_body = NULL, draft_by = NULL, draft_updated_at = NULL
    WHERE id = :id AND draft_status IS NOT NULL`);
  const notified = db.prepare('UPDATE proposal_subscriptions SET token_hash = :tokenHash, notified_at = :now WHERE id = :id');
  const answerMail = db.prepare('INSERT INTO proposal_answer_mails (message_id, proposal_id, created_at) VALUES (:messageId, :proposalId, :now)');
  // The last publication's mails: a failure shows until they are all sent, then a pending one until delivered.
  const answerMailStatus = db.prepare<[string, string], { failed: number; pending: number; total: number }>(`
    SELECT count(*) FILTER (WHERE status = 'failed') AS failed, count(*) FILTER (WHERE status = 'pending') AS pending, count(*) AS total
    FROM proposal_answer_mails
    WHERE proposal_id = ? AND created_at = (SELECT max(created_at) FROM proposal_answer_mails WHERE proposal_id = ?)`);
  const publishTx = db.transaction((publications: AnswerPublication[], now: number) => {
    const published: string[] = [];
    for (const p of publications) {
      if (publish.run({ id: p.proposalId, now }).changes === 0) continue;
      for (const mail of p.mails) {
        insertOutboxMail(db, mail);
        answerMail.run({ messageId: mail.messageId, proposalId: p.proposalId, now });
      }
      for (const s of p.subscriptions) notified.run({ id: s.id, tokenHash: s.tokenHash, now });
      published.push(p.proposalId);
    }
    return published;
  });

  const supportByAccount = db.prepare<{ proposalId: string; accountId: string }, SupportRow>(
    'SELECT * FROM proposal_supports WHERE proposal_id = :proposalId AND account_id = :accountId',
  );
  const supportByParticipant = db.prepare<{ proposalId: string; participantHash: Buffer }, SupportRow>(
    'SELECT * FROM proposal_supports WHERE proposal_id = :proposalId AND participant_hash = :participantHash',
  );
  const supportById = db.prepare<{ consultationId: string; id: number }, SupportRow>(
    'SELECT * FROM proposal_supports WHERE consultation_id = :consultationId AND id = :id',
  );
  const insertSupport = db.prepare(`
    INSERT INTO proposal_supports (consultation_id, proposal_id, account_id, participant_hash, status, reasons, created_at, updated_at, reviewed_at)
    VALUES (:consultationId, :proposalId, :accountId, :participantHash, :status, :reasons, :createdAt, :updatedAt, :reviewedAt)
    ON CONFLICT (proposal_id, account_id) WHERE account_id IS NOT NULL DO NOTHING
    ON CONFLICT (proposal_id, participant_hash) WHERE participant_hash IS NOT NULL DO NOTHING`);
  const updateSupport = db.prepare(
    'UPDATE proposal_supports SET status = :status, reasons = :reasons, updated_at = :updatedAt, reviewed_at = :reviewedAt WHERE id = :id',
  );
  const removeSupport = db.prepare('DELETE FROM proposal_supports WHERE id = ?');
  const countSupport = db.prepare('UPDATE proposals SET support_count = support_count + :sign WHERE id = :proposalId');
  const supportParams = (s: Support) => ({
    id: s.id,
    consultationId: s.consultationId,
    proposalId: s.proposalId,
    accountId: s.accountId,
    participantHash: s.participantHash,
    status: s.status,
    reasons: JSON.stringify(s.reasons),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    reviewedAt: s.reviewedAt,
  });
  const supportedByAccount = db.prepare<[string, string], { proposal_id: string }>(
    'SELECT proposal_id FROM proposal_supports WHERE consultation_id = ? AND account_id = ? ORDER BY id',
  );
  const supportedByParticipant = db.prepare<[string, Buffer], { proposal_id: string }>(
    'SELECT proposal_id FROM proposal_supports WHERE consultation_id = ? AND participant_hash = ? ORDER BY id',
  );

  const quarantinedSupports = db.prepare<[string, number, number], SupportRow & { title: string }>(`
    SELECT s.*, p.title FROM proposal_supports s JOIN proposals p ON p.id = s.proposal_id
    WHERE s.consultation_id = ? AND s.status = 'quarantined' AND s.id > ? ORDER BY s.id LIMIT ?`);
  const quarantinedSupportCount = db
    .prepare<[string], number>("SELECT count(*) FROM proposal_supports WHERE consultation_id = ? AND status = 'quarantined'")
    .pluck();

  const subscriptionsOf = db.prepare<[string], SubscriptionRow>('SELECT * FROM proposal_subscriptions WHERE proposal_id = ? ORDER BY id');
  const subscriptionByToken = db.prepare<[Buffer], SubscriptionRow & { tenant_id: string; slug: string; title: string }>(`
    SELECT s.*, c.tenant_id, c.slug, p.title FROM proposal_subscriptions s
    JOIN proposals p ON p.id = s.proposal_id JOIN consultations c ON c.id = p.consultation_id
    WHERE s.token_hash = ?`);
  const confirm = db.prepare('UPDATE proposal_subscriptions SET confirmed_at = coalesce(confirmed_at, ?) WHERE token_hash = ?');
  const deleteSubscription = db.prepare('DELETE FROM proposal_subscriptions WHERE token_hash = ?');
  const markCopied = db.prepare('UPDATE proposals SET budget_project_id = ? WHERE id = ?');
  const markCopiedTx = db.transaction((ids: { proposalId: string; projectId: string }[]) => {
    for (const { proposalId, projectId } of ids) markCopied.run(projectId, proposalId);
  });

  const forAccount = db.prepare<{ accountId: string }, ProposalRow>(`
    SELECT p.*, m.state AS moderation, NULL AS rejection_reason, 0 AS flags
    FROM proposals p JOIN consultations c ON c.id = p.consultation_id
    LEFT JOIN moderation_targets m ON m.tenant_id = c.tenant_id AND m.kind = '${PROPOSAL_KIND}' AND m.target_id = p.id
    WHERE p.account_id = :accountId ORDER BY p.seq`);
  const supportsOfAccount = db.prepare<[string], SupportRow>('SELECT * FROM proposal_supports WHERE account_id = ? ORDER BY id');
  const imagesOfAccount = db.prepare<[string], Record<string, unknown>>(
    'SELECT id, consultation_id, account_id, participant_hash, content_type, width, height, created_at FROM proposal_images WHERE account_id = ? ORDER BY created_at',
  );
  // A support withdrawn with its account: the proposal's count follows in the same transaction.
  const uncountAccountSupports = db.prepare(`
    UPDATE proposals SET support_count = support_count - (
      SELECT count(*) FROM proposal_supports s WHERE s.proposal_id = proposals.id AND s.account_id = :accountId AND s.status = 'accepted')
    WHERE id IN (SELECT proposal_id FROM proposal_supports WHERE account_id = :accountId)`);
  const deleteAccountSupports = db.prepare('DELETE FROM proposal_supports WHERE account_id = :accountId');
  const deleteAccountProposals = db.prepare('DELETE FROM proposals WHERE account_id = :accountId');
  const unlinkAccountProposals = db.prepare(`
    UPDATE proposals SET account_id = NULL, contact_consent = 0, created_at = created_at - created_at % 86400000 WHERE account_id = :accountId`);
  const unlinkAccountImages = db.prepare(`
    UPDATE proposal_images SET account_id = NULL WHERE account_id = :accountId AND EXISTS (SELECT 1 FROM proposals p WHERE p.image_id = proposal_images.id)`);
  const deleteAccountImages = db.prepare('DELETE FROM proposal_images WHERE account_id = :accountId');
  const eraseTx = db.transaction((accountId: string, proposals: 'keep_anonymous' | 'delete') => {
    uncountAccountSupports.run({ accountId });
    deleteAccountSupports.run({ accountId });
    if (proposals === 'delete') {
      deleteAccountProposals.run({ accountId });
    } else {
      unlinkAccountProposals.run({ accountId });
      unlinkAccountImages.run({ accountId });
    }
    deleteAccountImages.run({ accountId });
  });
  const unlinkConsultationProposals = db.prepare(
    'UPDATE proposals SET account_id = NULL, participant_hash = NULL, contact_consent = 0, created_at = created_at - created_at % 86400000 WHERE consultation_id = ?',
  );
  const unlinkConsultationSupports = db.prepare('UPDATE proposal_supports SET account_id = NULL, participant_hash = NULL WHERE consultation_id = ?');
  const deleteConsultationSubscriptions = db.prepare(
    'DELETE FROM proposal_subscriptions WHERE proposal_id IN (SELECT id FROM proposals WHERE consultation_id = ?)',
  );
  const unlinkConsultationImages = db.prepare('UPDATE proposal_images SET account_id = NULL, participant_hash = NULL WHERE consultation_id = ?');
  const unlinkConsultationTx = db.transaction((consultationId: string) => {
    unlinkConsultationProposals.run(consultationId);
    unlinkConsultationSupports.run(consultationId);
    deleteConsultationSubscriptions.run(consultationId);
    unlinkConsultationImages.run(consultationId);
  });

  return {
    async insertImage(image) {
      insertImage.run(image);
    },
    async getImage(id, tenantId) {
      const row = getImage.get({ id, tenantId });
      if (!row) return undefined;
      return {
        id: row.id as string,
        consultationId: row.consultation_id as string,
        accountId: row.account_id as string | null,
        participantHash: row.participant_hash as Buffer | null,
        contentType: row.content_type as ImageType,
        width: row.width as number,
        height: row.height as number,
        bytes: row.bytes as Buffer,
        createdAt: row.created_at as number,
        attachedTo:
          row.proposal_id === null
            ? null
            : { id: row.proposal_id as string, moderation: row.moderation as ModerationState | null, withdrawn: row.withdrawn_at !== null },
      };
    },
    async deleteUnattachedImages(before) {
      return deleteUnattached.run(before).changes;
    },
    async insert(proposal, subscription) {
      insertTx.immediate(proposal, subscription);
    },
    async get(tenantId, consultationId, id) {
      const row = get.get({ tenantId, consultationId, id });
      return row && toProposal(row);
    },
    sortKey(proposal, sort) {
      return SORTS[sort].key(proposal);
    },
    async list(tenantId, consultationId, f) {
      // Fixed clauses with named parameters; only their presence varies. Keyset pages: (key, seq) descending.
      const key = SORTS[f.sort].sql;
      const where = ['p.consultation_id = :consultationId'];
      const params: Record<string, unknown> = { tenantId, consultationId, limit: f.limit };
      if (f.publishedOnly) where.push("m.state = 'published' AND p.withdrawn_at IS NULL");
      if (f.moderation === 'withdrawn') where.push('p.withdrawn_at IS NOT NULL');
      else if (f.moderation) {
        where.push('m.state = :moderation AND p.withdrawn_at IS NULL');
        params.moderation = f.moderation;
      }
      if (f.category !== undefined) {
        where.push('p.category = :category');
        params.category = f.category;
      }
      if (f.quartier !== undefined) {
        where.push('p.quartier = :quartier');
        params.quartier = f.quartier;
      }
      if (f.answer !== undefined) {
        where.push('p.answer_status = :answer');
        params.answer = f.answer;
      }
      const match = f.q === undefined ? '' : searchQuery(f.q);
      if (match !== '') {
        where.push('p.seq IN (SELECT rowid FROM proposals_search WHERE proposals_search MATCH :match)');
        params.match = match;
      }
      if (f.after) {
        where.push(`(${key}, p.seq) < (:afterKey, :afterSeq)`);
        params.afterKey = f.after.key;
        params.afterSeq = f.after.seq;
      }
      const sql = `${SELECT_PROPOSAL} WHERE ${where.join(' AND ')} ORDER BY ${key} DESC, p.seq DESC LIMIT :limit`;
      return db.prepare<Record<string, unknown>, ProposalRow>(sql).all(params).map(toProposal);
    },
    async withdraw(id, now) {
      return withdraw.run(now, id).changes === 1;
    },
    async saveDraft(id, draft) {
      saveDraft.run({ id, ...draft });
    },
    async publishAnswers(publications, now) {
      return publishTx.immediate(publications, now);
    },
    async answerMailStatus(proposalId) {
      const row = answerMailStatus.get(proposalId, proposalId)!;
      if (row.total === 0) return null;
      return row.failed > 0 ? 'failed' : row.pending > 0 ? 'pending' : 'sent';
    },
    supportRows(proposalId) {
      return {
        kind: 'proposalSupport',
        find(_consultationId, participant) {
          const row =
            participant.accountId !== null
              ? supportByAccount.get({ proposalId, accountId: participant.accountId })
              : supportByParticipant.get({ proposalId, participantHash: participant.participantHash });
          return row && toSupport(row);
        },
        byId(consultationId, id) {
          const row = supportById.get({ consultationId, id });
          return row && toSupport(row);
        },
        insert(record) {
          const result = insertSupport.run(supportParams(record));
          return result.changes === 0 ? undefined : Number(result.lastInsertRowid);
        },
        update(record) {
          updateSupport.run(supportParams(record));
        },
        remove(record) {
          removeSupport.run(record.id);
        },
        count(record, sign) {
          if (record.status === 'accepted') countSupport.run({ proposalId: record.proposalId, sign });
        },
      };
    },
    async supportedBy(consultationId, participant) {
      const rows =
        participant.accountId !== null
          ? supportedByAccount.all(consultationId, participant.accountId)
          : supportedByParticipant.all(consultationId, participant.participantHash);
      return rows.map((r) => r.proposal_id);
    },
    async supportById(consultationId, id) {
      const row = supportById.get({ consultationId, id });
      return row && toSupport(row);
    },
    async listQuarantinedSupports(consultationId, afterId, limit) {
      return quarantinedSupports.all(consultationId, afterId, limit).map((row) => ({ ...toSupport(row), proposalTitle: row.title }));
    },
    async quarantinedSupportCount(consultationId) {
      return quarantinedSupportCount.get(consultationId)!;
    },
    async subscriptionsOf(proposalId) {
      return subscriptionsOf.all(proposalId).map(toSubscription);
    },
    async subscriptionByToken(tokenHash) {
      const row = subscriptionByToken.get(tokenHash);
      if (!row) return undefined;
      const { tokenHash: _, ...sub } = toSubscription(row);
      return { ...sub, tenantId: row.tenant_id, slug: row.slug, title: row.title };
    },
    async confirmSubscription(tokenHash, now) {
      confirm.run(now, tokenHash);
    },
    async deleteSubscription(tokenHash) {
      return deleteSubscription.run(tokenHash).changes === 1;
    },
    async markCopiedToBudget(ids) {
      markCopiedTx(ids);
    },
    async listForAccount(accountId) {
      return forAccount.all({ accountId }).map(toProposal);
    },
    async supportsOfAccount(accountId) {
      return supportsOfAccount.all(accountId).map(toSupport);
    },
    async imagesOfAccount(accountId) {
      return imagesOfAccount.all(accountId).map((row) => ({
        id: row.id as string,
        consultationId: row.consultation_id as string,
        accountId: row.account_id as string | null,
        participantHash: row.participant_hash as Buffer | null,
        contentType: row.content_type as ImageType,
        width: row.width as number,
        height: row.height as number,
        createdAt: row.created_at as number,
      }));
    },
    async eraseAccount(accountId, proposals) {
      eraseTx.immediate(accountId, proposals);
    },
    async unlinkConsultation(consultationId) {
      unlinkConsultationTx.immediate(consultationId);
    },
  };
}
