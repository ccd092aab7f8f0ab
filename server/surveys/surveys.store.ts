import type { Db } from '../db/open.ts';
import type { Participant } from '../participation/participant.ts';
import type { KindRows, ParticipationStatus, QuarantineReason } from '../participation/participation.ts';
import type { Answers, ProfileAnswers } from './surveys.schemas.ts';
import { closedAnswers } from './closed-answers.ts';
import type { ProcessingFlags } from '../accounts/processing.ts';

/** One counter key a response adds while accepted (count 1 each). */
export interface SurveyTallyDelta {
  questionId: string;
  /** An option id, a scale or number value as text, or '' for "answered". */
  value: string;
  first: number;
  points: number;
}

export interface SurveyResponse {
  id: number;
  consultationId: string;
  accountId: string | null;
  participantHash: Buffer | null;
  answers: Answers;
  profile: ProfileAnswers | null;
  tally: SurveyTallyDelta[];
  status: ParticipationStatus;
  reasons: QuarantineReason[];
  submittedAt: number;
  updatedAt: number;
  reviewedAt: number | null;
}

export interface SurveyDraft {
  consultationId: string;
  accountId: string;
  answers: Answers;
  profile: ProfileAnswers | null;
  savedAt: number;
}

export interface SurveyTallies {
  rows: { questionId: string; value: string; count: number; first: number; points: number }[];
  counted: number;
  quarantined: number;
  rejected: number;
}

export const SurveyErrorCode = {
  responseNotFound: 'response_not_found',
  notQuarantined: 'response_not_quarantined',
} as const;

export interface SurveyStore {
  /**
   * The responses' rows and counters, for the participation writer's transaction (`ParticipationService`).
   * Submitting a response deletes its account's draft.
   */
  rows: KindRows<SurveyResponse>;
  getForParticipant(consultationId: string, participant: Participant): Promise<SurveyResponse | undefined>;
  /** The maintained counters; never reads the responses. */
  tallies(consultationId: string): Promise<SurveyTallies>;
  /** Counters recomputed from the responses themselves: an audit, never used to serve results. */
  recount(consultationId: string): Promise<SurveyTallies>;
  /** Free-text answers of counted responses, oldest first, with their account's processing flags. */
  textAnswers(consultationId: string, questionId: string): Promise<({ text: string } & ProcessingFlags)[]>;
  /** With the processing flags of each response's account (staff views leave out what they restrict). */
  listQuarantined(consultationId: string, afterId: number, limit: number): Promise<(SurveyResponse & ProcessingFlags)[]>;
  getDraft(consultationId: string, accountId: string): Promise<SurveyDraft | undefined>;
  saveDraft(draft: SurveyDraft): Promise<void>;
  listForAccount(accountId: string): Promise<SurveyResponse[]>;
  listDraftsForAccount(accountId: string): Promise<SurveyDraft[]>;
  /**
   * Account erasure: drafts deleted; responses keep counting but lose their account link, their free text
   * (see closedAnswers), their profile answers (quasi-identifiers once the account is gone) and their precise
   * times.
   */
  eraseAccount(accountId: string): Promise<void>;
  /**
   * Retention end: every response loses its account link and anonymous hash, its free text and profile
   * answers, and its times are cut to the day; drafts are deleted. Counters are untouched.
   */
  purgeConsultation(consultationId: string): Promise<void>;
}

interface ResponseRow {
  id: number;
  consultation_id: string;
  account_id: string | null;
  participant_hash: Buffer | null;
  answers: string;
  profile: string | null;
  tally: string;
  status: ParticipationStatus;
  reasons: string;
  submitted_at: number;
  updated_at: number;
  reviewed_at: number | null;
}

interface DraftRow {
  consultation_id: string;
  account_id: string;
  answers: string;
  profile: string | null;
  saved_at: number;
}

const toResponse = (row: ResponseRow): SurveyResponse => ({
  id: row.id,
  consultationId: row.consultation_id,
  accountId: row.account_id,
  participantHash: row.participant_hash,
  answers: JSON.parse(row.answers),
  profile: row.profile === null ? null : JSON.parse(row.profile),
  tally: JSON.parse(row.tally),
  status: row.status,
  reasons: JSON.parse(row.reasons),
  submittedAt: row.submitted_at,
  updatedAt: row.updated_at,
  reviewedAt: row.reviewed_at,
});

const responseParams = (r: SurveyResponse) => ({
  id: r.id,
  consultationId: r.consultationId,
  accountId: r.accountId,
  participantHash: r.participantHash,
  answers: JSON.stringify(r.answers),
  profile: r.profile === null ? null : JSON.stringify(r.profile),
  tally: JSON.stringify(r.tally),
  status: r.status,
  reasons: JSON.stringify(r.reasons),
  submittedAt: r.submittedAt,
  updatedAt: r.updatedAt,
  reviewedAt: r.reviewedAt,
});

const toDraft = (row: DraftRow): SurveyDraft => ({
  consultationId: row.consultation_id,
  accountId: row.account_id,
  answers: JSON.parse(row.answers),
  profile: row.profile === null ? null : JSON.parse(row.profile),
  savedAt: row.saved_at,
});

export function createSqliteSurveyStore(db: Db): SurveyStore {
  const byAccount = db.prepare<{ consultationId: string; accountId: string }, ResponseRow>(
    'SELECT * FROM survey_responses WHERE consultation_id = :consultationId AND account_id = :accountId',
  );
  const byParticipant = db.prepare<{ consultationId: string; participantHash: Buffer }, ResponseRow>(
    'SELECT * FROM survey_responses WHERE consultation_id = :consultationId AND participant_hash = :participantHash',
  );
  const byId = db.prepare<{ consultationId: string; id: number }, ResponseRow>(
    'SELECT * FROM survey_responses WHERE consultation_id = :consultationId AND id = :id',
  );
  const insert = db.prepare<Omit<ReturnType<typeof responseParams>, 'id'>, { id: number }>(`
    INSERT INTO survey_responses (consultation_id, account_id, participant_hash, answers, profile, tally, status, reasons,
      submitted_at, updated_at, reviewed_at)
    VALUES (:consultationId, :accountId, :participantHash, :answers, :profile, :tally, :status, :reasons,
      :submittedAt, :updatedAt, :reviewedAt)
    ON CONFLICT (consultation_id, account_id) WHERE account_id IS NOT NULL DO NOTHING
    ON CONFLICT (consultation_id, participant_hash) WHERE participant_hash IS NOT NULL DO NOTHING
    RETURNING id`);
  const update = db.prepare(`
    UPDATE survey_responses SET answers = :answers, profile = :profile, tally = :tally, status = :status, reasons = :reasons,
      updated_at = :updatedAt, reviewed_at = :reviewedAt
    WHERE id = :id`);
  const remove = db.prepare('DELETE FROM survey_responses WHERE id = ?');
  const addTally = db.prepare<{ consultationId: string; questionId: string; value: string; count: number; first: number; points: number }>(`
    INSERT INTO survey_tallies (consultation_id, question_id, value, count, first, points)
    VALUES (:consultationId, :questionId, :value, :count, :first, :points)
    ON CONFLICT (consultation_id, question_id, value) DO UPDATE SET
      count = count + excluded.count, first = first + excluded.first, points = points + excluded.points`);
  const addTotals = db.prepare<{ consultationId: string; counted: number; quarantined: number; rejected: number }>(`
    INSERT INTO survey_totals (consultation_id, counted, quarantined, rejected)
    VALUES (:consultationId, :counted, :quarantined, :rejected)
    ON CONFLICT (consultation_id) DO UPDATE SET counted = counted + excluded.counted,
      quarantined = quarantined + excluded.quarantined, rejected = rejected + excluded.rejected`);
  const deleteDraft = db.prepare('DELETE FROM survey_drafts WHERE consultation_id = :consultationId AND account_id = :accountId');
  const tallies = db.prepare<{ consultationId: string }, { question_id: string; value: string; count: number; first: number; points: number }>(
    'SELECT question_id, value, count, first, points FROM survey_tallies WHERE consultation_id = :consultationId',
  );
  const totals = db.prepare<{ consultationId: string }, { counted: number; quarantined: number; rejected: number }>(
    'SELECT counted, quarantined, rejected FROM survey_totals WHERE consultation_id = :consultationId',
  );
  const recountRows = db.prepare<{ consultationId: string }, { question_id: string; value: string; count: number; first: number; points: number }>(`
    SELECT json_extract(t.value, '$.questionId') AS question_id, json_extract(t.value, '$.value') AS value, count(*) AS count,
      sum(json_extract(t.value, '$.first')) AS first, sum(json_extract(t.value, '$.points')) AS points
    FROM survey_responses r, json_each(r.tally) t
    WHERE r.consultation_id = :consultationId AND r.status = 'accepted'
    GROUP BY 1, 2`);
  const recountTotals = db.prepare<{ consultationId: string }, { counted: number | null; quarantined: number | null; rejected: number | null }>(`
    SELECT sum(status = 'accepted') AS counted, sum(status = 'quarantined') AS quarantined, sum(status = 'rejected') AS rejected
    FROM survey_responses WHERE consultation_id = :consultationId`);
  const textAnswers = db.prepare<{ consultationId: string; path: string }, { text: string; restricted: number; objected: number }>(`
    SELECT json_extract(r.answers, :path) AS text, a.restricted_at IS NOT NULL AS restricted, a.objected_at IS NOT NULL AS objected
    FROM survey_responses r LEFT JOIN accounts a ON a.id = r.account_id
    WHERE r.consultation_id = :consultationId AND r.status = 'accepted' AND json_type(r.answers, :path) = 'text'
    ORDER BY r.id`);
  const quarantined = db.prepare<{ consultationId: string; afterId: number; limit: number }, ResponseRow & { restricted: number; objected: number }>(`
    SELECT r.*, a.restricted_at IS NOT NULL AS restricted, a.objected_at IS NOT NULL AS objected
    FROM survey_responses r LEFT JOIN accounts a ON a.id = r.account_id
    WHERE r.consultation_id = :consultationId AND r.status = 'quarantined' AND r.id > :afterId
    ORDER BY r.id LIMIT :limit`);
  const getDraft = db.prepare<{ consultationId: string; accountId: string }, DraftRow>(
    'SELECT * FROM survey_drafts WHERE consultation_id = :consultationId AND account_id = :accountId',
  );
  const saveDraft = db.prepare(`
    INSERT INTO survey_drafts (consultation_id, account_id, answers, profile, saved_at)
    VALUES (:consultationId, :accountId, :answers, :profile, :savedAt)
    ON CONFLICT (consultation_id, account_id) DO UPDATE SET answers = excluded.answers, profile = excluded.profile,
      saved_at = excluded.saved_at`);
  const forAccount = db.prepare<{ accountId: string }, ResponseRow>('SELECT * FROM survey_responses WHERE account_id = :accountId ORDER BY submitted_at');
  const draftsForAccount = db.prepare<{ accountId: string }, DraftRow>('SELECT * FROM survey_drafts WHERE account_id = :accountId');
  const deleteDraftsOfAccount = db.prepare('DELETE FROM survey_drafts WHERE account_id = :accountId');
  const ofConsultation = db.prepare<{ consultationId: string }, ResponseRow>('SELECT * FROM survey_responses WHERE consultation_id = :consultationId');
  // Unlinked: no account, no anonymous hash, no profile, closed answers only, times cut to the day.
  const anonymise = db.prepare<{ id: number; answers: string }>(`
    UPDATE survey_responses SET account_id = NULL, participant_hash = NULL, profile = NULL, answers = :answers,
      submitted_at = submitted_at - submitted_at % 86400000, updated_at = updated_at - updated_at % 86400000,
      reviewed_at = reviewed_at - reviewed_at % 86400000
    WHERE id = :id`);
  const anonymiseRow = (row: ResponseRow) =>
    anonymise.run({ id: row.id, answers: JSON.stringify(closedAnswers(JSON.parse(row.answers), JSON.parse(row.tally))) });
  const deleteDraftsOfConsultation = db.prepare('DELETE FROM survey_drafts WHERE consultation_id = :consultationId');

  const find = (consultationId: string, participant: Participant) => {
    const row =
      participant.accountId !== null
        ? byAccount.get({ consultationId, accountId: participant.accountId })
        : byParticipant.get({ consultationId, participantHash: participant.participantHash });
    return row && toResponse(row);
  };

  const count = (response: SurveyResponse, sign: 1 | -1) => {
    addTotals.run({
      consultationId: response.consultationId,
      counted: response.status === 'accepted' ? sign : 0,
      quarantined: response.status === 'quarantined' ? sign : 0,
      rejected: response.status === 'rejected' ? sign : 0,
    });
    if (response.status !== 'accepted') return;
    for (const d of response.tally) {
      addTally.run({
        consultationId: response.consultationId,
        questionId: d.questionId,
        value: d.value,
        count: sign,
        first: sign * d.first,
        points: sign * d.points,
      });
    }
  };

  const rows: KindRows<SurveyResponse> = {
    kind: 'survey_response',
    find,
    byId(consultationId, id) {
      const row = byId.get({ consultationId, id });
      return row && toResponse(row);
    },
    insert(response) {
      const { id: _unused, ...params } = responseParams(response);
      return insert.get(params)?.id;
    },
    update(response) {
      update.run(responseParams(response));
    },
    submitted(response) {
      // The draft has become the response.
      if (response.accountId !== null) deleteDraft.run({ consultationId: response.consultationId, accountId: response.accountId });
    },
    remove(response) {
      remove.run(response.id);
    },
    count,
  };

  const eraseTx = db.transaction((accountId: string) => {
    deleteDraftsOfAccount.run({ accountId });
    for (const row of forAccount.all({ accountId })) anonymiseRow(row);
  });
  const purgeConsultationTx = db.transaction((consultationId: string) => {
    for (const row of ofConsultation.all({ consultationId })) anonymiseRow(row);
    deleteDraftsOfConsultation.run({ consultationId });
  });

  const toTallies = (
    rows: { question_id: string; value: string; count: number; first: number; points: number }[],
    t: { counted: number | null; quarantined: number | null; rejected: number | null } | undefined,
  ): SurveyTallies => ({
    rows: rows.map((r) => ({ questionId: r.question_id, value: r.value, count: r.count, first: r.first, points: r.points })),
    counted: t?.counted ?? 0,
    quarantined: t?.quarantined ?? 0,
    rejected: t?.rejected ?? 0,
  });

  return {
    rows,
    async getForParticipant(consultationId, participant) {
      return find(consultationId, participant);
    },
    async tallies(consultationId) {
      return toTallies(tallies.all({ consultationId }), totals.get({ consultationId }));
    },
    async recount(consultationId) {
      return toTallies(recountRows.all({ consultationId }), recountTotals.get({ consultationId }));
    },
    async textAnswers(consultationId, questionId) {
      // Question ids are [A-Za-z0-9_-]: safe inside a quoted JSON path.
      return textAnswers
        .all({ consultationId, path: `$."${questionId}"` })
        .map((row) => ({ text: row.text, restricted: row.restricted === 1, objected: row.objected === 1 }));
    },
    async listQuarantined(consultationId, afterId, limit) {
      return quarantined
        .all({ consultationId, afterId, limit })
        .map((row) => ({ ...toResponse(row), restricted: row.restricted === 1, objected: row.objected === 1 }));
    },
    async getDraft(consultationId, accountId) {
      const row = getDraft.get({ consultationId, accountId });
      return row && toDraft(row);
    },
    async saveDraft(draft) {
      saveDraft.run({
        consultationId: draft.consultationId,
        accountId: draft.accountId,
        answers: JSON.stringify(draft.answers),
        profile: draft.profile === null ? null : JSON.stringify(draft.profile),
        savedAt: draft.savedAt,
      });
    },
    async listForAccount(accountId) {
      return forAccount.all({ accountId }).map(toResponse);
    },
    async listDraftsForAccount(accountId) {
      return draftsForAccount.all({ accountId }).map(toDraft);
    },
    async eraseAccount(accountId) {
      // IMMEDIATE: take the write lock before the first read (another connection may write the same file).
      eraseTx.immediate(accountId);
    },
    async purgeConsultation(consultationId) {
      purgeConsultationTx.immediate(consultationId);
    },
  };
}
