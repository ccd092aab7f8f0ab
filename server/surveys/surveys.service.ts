import type { Account } from '../accounts/accounts.store.ts';
import { mayProcess } from '../accounts/processing.ts';
import type { Clock } from '../clock.ts';
import { assertCanParticipate, consultationStatus, type ConsultationStatus } from '../consultations/consultations.service.ts';
import { DomainError, type ErrorIssue, type ErrorStatuses } from '../errors.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import { requireParticipant } from '../participation/participant.ts';
import type { ParticipationService, RecordBase } from '../participation/participation.service.ts';
import { participantKind, type QuarantineItem, type QuarantineSource } from '../participation/quarantine.service.ts';
import { contributions, RANKING_METHOD, RESULTS_HIDDEN } from '../participation/tally.ts';
import type { ReviewDecision } from '../participation/participation.ts';
import type { ProcessingFlags } from '../accounts/processing.ts';
import { closedAnswers } from './closed-answers.ts';
import { hiddenCharacter } from '../http/text.ts';
import type { AnswerValue, Answers, ProfileAnswers, SurveyQuestion, SurveySettings } from './surveys.schemas.ts';
import { SurveyErrorCode, type SurveyDraft, type SurveyResponse, type SurveyStore, type SurveyTallies, type SurveyTallyDelta } from './surveys.store.ts';

export const SURVEY_ANSWERS_INVALID = 'survey_answers_invalid';
const SURVEY_KINDS = ['survey'] as const;

/** Surveys' error codes and their status. */
export const surveyErrorStatuses: ErrorStatuses = {
  [SURVEY_ANSWERS_INVALID]: 422,
  [SurveyErrorCode.responseNotFound]: 404,
  [SurveyErrorCode.notQuarantined]: 409,
};

const isAbsent = (value: AnswerValue | undefined) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/** Whether an answer satisfies a condition: equal, or for multiple choice, among the chosen options. */
function meets(answer: AnswerValue | undefined, equals: string | number): boolean {
  if (answer === undefined) return false;
  return Array.isArray(answer) ? answer.includes(equals as string) : answer === equals;
}

/**
 * The questions shown for these answers, in order: a question with `showIf` is shown only when its (earlier)
 * question is shown and answered with the value — so hiding a question hides the ones that depend on it.
 */
export function shownQuestions(settings: SurveySettings, answers: Answers): Set<string> {
  const shown = new Set<string>();
  for (const q of settings.questions) {
    if (!q.showIf || (shown.has(q.showIf.question) && meets(answers[q.showIf.question], q.showIf.equals))) shown.add(q.id);
  }
  return shown;
}

/** Why an answer does not fit its question, or undefined. `partial` (drafts) checks only the shape and limits. */
function answerProblem(q: SurveyQuestion, value: AnswerValue, partial: boolean): string | undefined {
  const optionIds = new Set(q.options?.map((o) => o.id));
  switch (q.type) {
    case 'single':
      if (typeof value !== 'string') return 'Choose one option (an option id)';
      if (!partial && !optionIds.has(value)) return `Unknown option "${value}"`;
      return undefined;
    case 'multiple':
    case 'ranking': {
      if (!Array.isArray(value)) return 'Send a list of option ids';
      if (partial) return undefined;
      const unknown = value.find((id) => !optionIds.has(id));
      if (unknown !== undefined) return `Unknown option "${unknown}"`;
      if (new Set(value).size !== value.length) return 'An option appears twice';
      const verb = q.type === 'ranking' ? 'Rank' : 'Choose';
      if (value.length < q.min!) return `${verb} at least ${q.min}`;
      if (value.length > q.max!) return `${verb} at most ${q.max}`;
      return undefined;
    }
    case 'scale':
    case 'number':
      if (typeof value !== 'number') return 'Send a number';
      if (partial) return undefined;
      if ((q.type === 'scale' || q.integer) && !Number.isInteger(value)) return 'Send a whole number';
      if (q.min !== undefined && value < q.min) return `At least ${q.min}`;
      if (q.max !== undefined && value > q.max) return `At most ${q.max}`;
      return undefined;
    case 'text': {
      if (typeof value !== 'string') return 'Send text';
      const length = [...value.trim()].length;
      if (length > q.max!) return `At most ${q.max} characters`;
      if (partial) return undefined;
      // Invisible characters are refused at the edge; what is left here is a line break in a one-line answer.
      if (hiddenCharacter(value, { multiline: q.multiline })) return 'Line breaks and control characters are not allowed here';
      if (length < q.min!) return `At least ${q.min} characters`;
      return undefined;
    }
  }
}

function checkProfile(settings: SurveySettings, tenant: Tenant, profile: ProfileAnswers | undefined, issues: ErrorIssue[]): ProfileAnswers | null {
  if (profile === undefined) return null;
  if (!settings.profileQuestions) {
    issues.push({ path: 'profile', message: 'This survey does not ask profile questions' });
    return null;
  }
  if (profile.quartier !== undefined && tenant.quartiers.length > 0 && !tenant.quartiers.includes(profile.quartier)) {
    issues.push({ path: 'profile.quartier', message: `Choose one of ${tenant.name}'s quartiers` });
  }
  const given = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)) as ProfileAnswers;
  return Object.keys(given).length > 0 ? given : null;
}

function unknownQuestions(settings: SurveySettings, answers: Answers, issues: ErrorIssue[]): void {
  const known = new Set(settings.questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) issues.push({ path: `answers.${id}`, message: 'Unknown question' });
  }
}

/**
 * The server's copy of every check the widget makes on a response: known questions only, required questions
 * answered unless their condition hides them, nothing answered that the conditions hide, each answer of the
 * right type within its bounds. Reports every problem at once, by path, so a form can mark each field.
 * Empty strings and empty lists count as "not answered" and are dropped.
 *
 * @example
 * checkResponse(settings, tenant, { transport: 'velo', km: 4 }); // { answers, profile } or throws survey_answers_invalid
 */
export function checkResponse(
  settings: SurveySettings,
  tenant: Tenant,
  answers: Answers,
  profile?: ProfileAnswers,
): { answers: Answers; profile: ProfileAnswers | null } {
  const issues: ErrorIssue[] = [];
  unknownQuestions(settings, answers, issues);
  const given: Answers = {};
  for (const q of settings.questions) {
    const value = answers[q.id];
    if (!isAbsent(value)) given[q.id] = typeof value === 'string' && q.type === 'text' ? value.trim() : value;
  }
  const shown = shownQuestions(settings, given);
  for (const q of settings.questions) {
    const value = given[q.id];
    const path = `answers.${q.id}`;
    if (!shown.has(q.id)) {
      if (value !== undefined) issues.push({ path, message: 'This question is not asked given your earlier answers; leave it out' });
      continue;
    }
    if (value === undefined) {
      if (q.required) issues.push({ path, message: 'An answer is required' });
      continue;
    }
    const problem = answerProblem(q, value, false);
    if (problem) issues.push({ path, message: problem });
  }
  const checkedProfile = checkProfile(settings, tenant, profile, issues);
  if (issues.length > 0) {
    throw new DomainError(SURVEY_ANSWERS_INVALID, `${issues.length} answer(s) need attention`, { issues });
  }
  return { answers: given, profile: checkedProfile };
}

/** A draft may be incomplete and inconsistent, but only holds answers to known questions, of the right shape. */
export function checkDraft(settings: SurveySettings, tenant: Tenant, answers: Answers, profile?: ProfileAnswers) {
  const issues: ErrorIssue[] = [];
  unknownQuestions(settings, answers, issues);
  for (const q of settings.questions) {
    const value = answers[q.id];
    if (value === undefined) continue;
    const problem = answerProblem(q, value, true);
    if (problem) issues.push({ path: `answers.${q.id}`, message: problem });
  }
  const checkedProfile = checkProfile(settings, tenant, profile, issues);
  if (issues.length > 0) throw new DomainError(SURVEY_ANSWERS_INVALID, `${issues.length} answer(s) cannot be saved`, { issues });
  return { answers, profile: checkedProfile };
}

/**
 * What one counted response adds to the survey counters: one "answered" mark per question (value ''), plus per
 * option (choices), per value (scale, number) and, for rankings, first preferences and modified Borda points.
 */
export function surveyContributions(settings: SurveySettings, answers: Answers): SurveyTallyDelta[] {
  const deltas: SurveyTallyDelta[] = [];
  for (const q of settings.questions) {
    const value = answers[q.id];
    if (value === undefined) continue;
    deltas.push({ questionId: q.id, value: '', first: 0, points: 0 });
    if (q.type === 'single') deltas.push({ questionId: q.id, value: value as string, first: 0, points: 0 });
    else if (q.type === 'multiple') for (const id of value as string[]) deltas.push({ questionId: q.id, value: id, first: 0, points: 0 });
    else if (q.type === 'ranking') {
      for (const d of contributions(value as string[], null)) deltas.push({ questionId: q.id, value: d.optionId, first: d.first, points: d.points });
    } else if (q.type === 'scale' || q.type === 'number') deltas.push({ questionId: q.id, value: String(value), first: 0, points: 0 });
  }
  return deltas;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** Median of a distribution given as (value, count) pairs sorted by value. */
function median(distribution: { value: number; count: number }[]): number | null {
  const total = distribution.reduce((sum, d) => sum + d.count, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const d of distribution) {
      seen += d.count;
      if (seen > rank) return d.value;
    }
    return distribution.at(-1)!.value;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/** The counters as they would be once these quarantined responses are decided (see `KindRows.count`), on a copy. */
export function surveyTalliesAfterReview(tallies: SurveyTallies, held: readonly SurveyResponse[], decision: ReviewDecision): SurveyTallies {
  const next: SurveyTallies = { ...tallies, rows: tallies.rows.map((row) => ({ ...row })) };
  for (const response of held) {
    next.quarantined--;
    if (decision === 'reject') {
      next.rejected++;
      continue;
    }
    next.counted++;
    for (const delta of response.tally) {
      let row = next.rows.find((r) => r.questionId === delta.questionId && r.value === delta.value);
      if (!row) next.rows.push((row = { questionId: delta.questionId, value: delta.value, count: 0, first: 0, points: 0 }));
      row.count++;
      row.first += delta.first;
      row.points += delta.points;
    }
  }
  return next;
}

export function surveyResults(
  settings: SurveySettings,
  tallies: SurveyTallies,
  status: ConsultationStatus,
  staff: boolean,
  textAnswers: Map<string, string[]>,
) {
  const byQuestion = new Map<string, Map<string, { count: number; first: number; points: number }>>();
  for (const row of tallies.rows) {
    if (!byQuestion.has(row.questionId)) byQuestion.set(row.questionId, new Map());
    byQuestion.get(row.questionId)!.set(row.value, row);
  }
  const questions = settings.questions.map((q) => {
    const values = byQuestion.get(q.id) ?? new Map();
    const answered = values.get('')?.count ?? 0;
    const base = { id: q.id, section: q.section, type: q.type, label: q.label, answered };
    if (q.type === 'single' || q.type === 'multiple' || q.type === 'ranking') {
      return {
        ...base,
        options: q.options!.map((o) => {
          const row = values.get(o.id);
          return {
            id: o.id,
            label: o.label,
            count: row?.count ?? 0,
            share: share(row?.count ?? 0, answered),
            ...(q.type === 'ranking' ? { firstPreferences: row?.first ?? 0, bordaPoints: row?.points ?? 0 } : {}),
          };
        }),
      };
    }
    if (q.type === 'scale' || q.type === 'number') {
      const distribution =
        q.type === 'scale'
          ? Array.from({ length: q.max! - q.min! + 1 }, (_, i) => ({ value: q.min! + i, count: values.get(String(q.min! + i))?.count ?? 0 }))
          : [...values.entries()]
              .filter(([v]) => v !== '')
              .map(([v, row]) => ({ value: Number(v), count: row.count }))
              .sort((a, b) => a.value - b.value);
      const sum = distribution.reduce((acc, d) => acc + d.value * d.count, 0);
      const n = distribution.reduce((acc, d) => acc + d.count, 0);
      return { ...base, distribution, mean: n === 0 ? null : Math.round((sum / n) * 100) / 100, median: median(distribution) };
    }
    return staff ? { ...base, textAnswers: textAnswers.get(q.id) ?? [] } : base;
  });
  return {
    status,
    final: status === 'closed',
    responses: tallies.counted,
    ...(staff ? { quarantined: tallies.quarantined } : {}),
    ...(settings.questions.some((q) => q.type === 'ranking') ? { method: RANKING_METHOD } : {}),
    questions,
  };
}

const responseItem = (r: SurveyResponse & ProcessingFlags): QuarantineItem => ({
  id: String(r.id),
  kind: 'surveyResponse',
  participant: participantKind(r),
  reasons: r.reasons,
  // A restricted or objecting account's free text stays out of staff views; its closed answers are enough to judge.
  answers: mayProcess(r, 'staffViews') ? r.answers : closedAnswers(r.answers, r.tally),
  castAt: r.submittedAt,
  updatedAt: r.updatedAt,
});

/** A response from the core's common fields and its checked answers. */
function buildResponse(base: RecordBase<SurveyResponse>, content: Pick<SurveyResponse, 'answers' | 'profile' | 'tally'>): SurveyResponse {
  return {
    id: base.id,
    consultationId: base.consultationId,
    accountId: base.accountId,
    participantHash: base.participantHash,
    answers: content.answers,
    profile: content.profile,
    tally: content.tally,
    status: base.status,
    reasons: base.reasons,
    submittedAt: base.existing?.submittedAt ?? base.now,
    updatedAt: base.now,
    reviewedAt: base.reviewedAt,
  };
}

/** Surveys: validated responses (one per participant, replaceable), server-side drafts, results from counters. */
export class SurveyService {
  constructor(
    private readonly surveys: SurveyStore,
    private readonly consultations: ConsultationCache,
    private readonly participations: ParticipationService,
    private readonly clock: Clock,
  ) {}

  /** Responses held back by the caps, for the staff's quarantine review. */
  readonly quarantine: QuarantineSource = {
    consultationKinds: SURVEY_KINDS,
    traceKind: this.surveys.rows.kind,
    list: async (consultationId, afterId, limit) => (await this.surveys.listQuarantined(consultationId, afterId, limit)).map(responseItem),
    quarantinedCount: async (consultationId) => (await this.surveys.tallies(consultationId)).quarantined,
    review: (consultationId, id, decision) =>
      this.participations.review(this.surveys.rows, consultationId, id, decision, {
        notFound: () => new DomainError(SurveyErrorCode.responseNotFound, `No response ${id} in this consultation`),
        notQuarantined: (response) => new DomainError(SurveyErrorCode.notQuarantined, `Response ${id} is not in quarantine (it is ${response.status})`),
      }),
    preview: async (tenant, slug, ids, decision) => {
      const { consultation, settings } = await this.consultations.load<SurveySettings>(tenant, slug, SURVEY_KINDS);
      const status = consultationStatus(consultation, this.clock.now());
      const tallies = await this.surveys.tallies(consultation.id);
      const held = ids.map((id) => this.surveys.rows.byId(consultation.id, id)).filter((response) => response?.status === 'quarantined') as SurveyResponse[];
      // Free-text answers are left out of both: the preview is about counts.
      return {
        before: surveyResults(settings, tallies, status, true, new Map()),
        after: surveyResults(settings, surveyTalliesAfterReview(tallies, held, decision), status, true, new Map()),
      };
    },
  };

  async submit(input: {
    tenant: Tenant;
    slug: string;
    account: Account | undefined;
    anonymousId: string | undefined;
    answers: Answers;
    profile?: ProfileAnswers;
    ip: string;
    /** The form's hidden field was filled: kept, but quarantined. */
    honeypot?: boolean;
  }): Promise<{ response: SurveyResponse; replaced: boolean }> {
    const { consultation, settings } = await this.consultations.load<SurveySettings>(input.tenant, input.slug, SURVEY_KINDS);
    const now = this.clock.now();
    assertCanParticipate(consultation, input.account, now);
    const participant = requireParticipant(input.account, input.anonymousId);
    const checked = checkResponse(settings, input.tenant, input.answers, input.profile);
    const tally = surveyContributions(settings, checked.answers);
    const { record, replaced } = await this.participations.submit({
      rows: this.surveys.rows,
      consultationId: consultation.id,
      participant,
      policy: consultation.stuffingPolicy,
      ip: input.ip,
      quarantine: input.honeypot === true ? ['honeypot'] : undefined,
      content: { answers: checked.answers, profile: checked.profile, tally },
      build: buildResponse,
    });
    return { response: record, replaced };
  }

  async getDraft(input: { tenant: Tenant; slug: string; account: Account }): Promise<SurveyDraft | undefined> {
    const { consultation } = await this.consultations.load(input.tenant, input.slug, SURVEY_KINDS);
    return this.surveys.getDraft(consultation.id, input.account.id);
  }

  async saveDraft(input: { tenant: Tenant; slug: string; account: Account; answers: Answers; profile?: ProfileAnswers }): Promise<SurveyDraft> {
    const { consultation, settings } = await this.consultations.load<SurveySettings>(input.tenant, input.slug, SURVEY_KINDS);
    assertCanParticipate(consultation, input.account, this.clock.now());
    const checked = checkDraft(settings, input.tenant, input.answers, input.profile);
    const draft: SurveyDraft = {
      consultationId: consultation.id,
      accountId: input.account.id,
      answers: checked.answers,
      profile: checked.profile,
      savedAt: this.clock.now(),
    };
    await this.surveys.saveDraft(draft);
    return draft;
  }

  /** `staff`: the viewer reads the staff views (see `readsStaffViews`). */
  async results(tenant: Tenant, slug: string, staff: boolean) {
    const { consultation, settings } = await this.consultations.load<SurveySettings>(tenant, slug, SURVEY_KINDS);
    const status = consultationStatus(consultation, this.clock.now());
    const visible = settings.resultsVisibility === 'public' || (settings.resultsVisibility === 'after_close' && status === 'closed');
    if (!staff && !visible) {
      if (settings.resultsVisibility === 'staff')
        throw new DomainError(RESULTS_HIDDEN, 'The results of this survey are for the staff of the collectivité only');
      throw new DomainError(RESULTS_HIDDEN, `Results are published when the survey closes, on ${new Date(consultation.closesAt).toISOString()}`);
    }
    const textAnswers = new Map<string, string[]>();
    if (staff) {
      for (const q of settings.questions.filter((question) => question.type === 'text')) {
        const answers = await this.surveys.textAnswers(consultation.id, q.id);
        textAnswers.set(
          q.id,
          answers.filter((answer) => mayProcess(answer, 'staffViews')).map((answer) => answer.text),
        );
      }
    }
    return surveyResults(settings, await this.surveys.tallies(consultation.id), status, staff, textAnswers);
  }
}
