import { mayProcess, type ProcessingFlags } from '../accounts/processing.ts';
import type { Clock } from '../clock.ts';
import { closedAnswers } from '../surveys/closed-answers.ts';
import type { SurveyResponse, SurveyStore } from '../surveys/surveys.store.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import type { Ballot, BallotStatus, BallotStore, ReviewDecision } from './votes.store.ts';

export interface QuarantineItem {
  id: string;
  kind: 'ballot' | 'surveyResponse';
  participant: 'account' | 'anonymous' | 'erased';
  reasons: string[];
  choice?: string[];
  district?: string | null;
  answers?: Record<string, unknown>;
  castAt: number;
  updatedAt: number;
}

const participantKind = (p: { accountId: string | null; participantHash: Buffer | null }) =>
  p.accountId !== null ? 'account' : p.participantHash !== null ? 'anonymous' : 'erased';

// What staff need to judge: the choice, the reasons and the times. Never an address, a hash or an account id.
const ballotItem = (b: Ballot): QuarantineItem => ({
  id: String(b.id),
  kind: 'ballot',
  participant: participantKind(b),
  reasons: b.reasons,
  choice: b.choice,
  district: b.district,
  castAt: b.castAt,
  updatedAt: b.updatedAt,
});

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

/**
 * Staff review of participations the anti-stuffing caps held back: ballots for votes and budgets, responses
 * for surveys. Accepting one makes it count at once (counters move in the same transaction); rejecting keeps
 * it out for good.
 */
export class QuarantineService {
  constructor(
    private readonly ballots: BallotStore,
    private readonly surveys: SurveyStore,
    private readonly consultations: ConsultationCache,
    private readonly clock: Clock,
  ) {}

  async list(tenant: Tenant, slug: string, page: { after?: string; limit: number }) {
    const { consultation } = await this.consultations.load(tenant, slug, ['vote', 'budget', 'survey']);
    const after = page.after === undefined ? 0 : Number(page.after);
    let items: QuarantineItem[];
    let quarantined: number;
    if (consultation.kind === 'survey') {
      items = (await this.surveys.listQuarantined(consultation.id, after, page.limit)).map(responseItem);
      quarantined = (await this.surveys.tallies(consultation.id)).quarantined;
    } else {
      items = (await this.ballots.listQuarantined(consultation.id, after, page.limit)).map(ballotItem);
      quarantined = (await this.ballots.tallies(consultation.id)).totals.reduce((sum, t) => sum + t.quarantined, 0);
    }
    return { quarantined, items, next: items.length === page.limit ? items.at(-1)!.id : null };
  }

  async review(tenant: Tenant, slug: string, id: string, decision: ReviewDecision): Promise<{ id: string; status: BallotStatus }> {
    const { consultation } = await this.consultations.load(tenant, slug, ['vote', 'budget', 'survey']);
    const now = this.clock.now();
    const reviewed =
      consultation.kind === 'survey'
        ? await this.surveys.review(consultation.id, Number(id), decision, now)
        : await this.ballots.review(consultation.id, Number(id), decision, now);
    return { id: String(reviewed.id), status: reviewed.status };
  }
}
