import type { Account } from '../accounts/accounts.store.ts';
import type { Clock } from '../clock.ts';
import { assertCanParticipate, consultationStatus, type ConsultationStatus } from '../consultations/consultations.service.ts';
import { DomainError, type ErrorIssue, type ErrorStatuses } from '../errors.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import { participantOf, requireParticipant } from '../participation/participant.ts';
import type { ParticipationService, RecordBase } from '../participation/participation.service.ts';
import { participantKind, type QuarantineItem, type QuarantineSource } from '../participation/quarantine.service.ts';
import { competitionRanks, contributions, RANKING_METHOD, RESULTS_HIDDEN } from '../participation/tally.ts';
import type { ReviewDecision } from '../participation/participation.ts';
import type { BudgetSettings, VoteSettings } from './votes.schemas.ts';
import { BallotErrorCode, type Ballot, type BallotStore, type BallotTallies, type CastOutcome } from './votes.store.ts';

/** Rule violations: each a 422 with its own stable code (registered in votes.routes.ts). */
export const BallotRuleCode = {
  unknownOption: 'ballot_unknown_option',
  duplicateOption: 'ballot_duplicate_option',
  tooFewChoices: 'ballot_too_few_choices',
  tooManyChoices: 'ballot_too_many_choices',
  districtRequired: 'ballot_district_required',
  unknownDistrict: 'ballot_unknown_district',
  districtNotAllowed: 'ballot_district_not_allowed',
  projectOutsideDistrict: 'ballot_project_outside_district',
  tooManyProjects: 'ballot_too_many_projects',
  overBudget: 'ballot_over_budget',
  underMinSpend: 'ballot_under_min_spend',
} as const;

/** Votes' and budgets' error codes and their status. */
export const voteErrorStatuses: ErrorStatuses = {
  ...Object.fromEntries(Object.values(BallotRuleCode).map((code) => [code, 422 as const])),
  [BallotErrorCode.alreadyCast]: 412,
  [BallotErrorCode.notFound]: 404,
  [BallotErrorCode.notQuarantined]: 409,
};

const VOTE_KINDS = ['vote', 'budget'] as const;

function ruleError(code: string, message: string, issues: ErrorIssue[] = [{ path: 'choice', message }]): DomainError {
  return new DomainError(code, message, { issues });
}

/** Ids that appear in `choice` but not in `known`, and ids that appear twice. */
function checkIds(choice: readonly string[], known: ReadonlySet<string>, what: string): void {
  const unknown = choice.flatMap((id, i) => (known.has(id) ? [] : [{ path: `choice.${i}`, message: `Unknown ${what} "${id}"` }]));
  if (unknown.length > 0) throw ruleError(BallotRuleCode.unknownOption, unknown.map((u) => u.message).join('; '), unknown);
  const seen = new Set<string>();
  choice.forEach((id, i) => {
    if (seen.has(id)) throw ruleError(BallotRuleCode.duplicateOption, `"${id}" appears twice`, [{ path: `choice.${i}`, message: 'Duplicate' }]);
    seen.add(id);
  });
}

/**
 * The server's copy of every check the widget makes on a poll ballot.
 *
 * @example
 * checkVoteBallot(settings, { choice: ['samedi'] }); // ['samedi'], or throws ballot_unknown_option…
 */
export function checkVoteBallot(settings: VoteSettings, input: { choice: string[]; district?: string }): { choice: string[]; district: null } {
  if (input.district !== undefined) {
    throw ruleError(BallotRuleCode.districtNotAllowed, 'This vote has no districts', [{ path: 'district', message: 'Not expected here' }]);
  }
  checkIds(input.choice, new Set(settings.options.map((o) => o.id)), 'option');
  const n = input.choice.length;
  if (n < settings.minChoices) {
    const message = settings.mode === 'ranking' ? `Rank at least ${settings.minChoices} options` : `Choose at least ${settings.minChoices} options`;
    throw ruleError(BallotRuleCode.tooFewChoices, message);
  }
  if (n > settings.maxChoices) {
    const message = settings.mode === 'single' ? 'Choose exactly one option' : `Choose at most ${settings.maxChoices} options`;
    throw ruleError(BallotRuleCode.tooManyChoices, message);
  }
  return { choice: input.choice, district: null };
}

/** The budget a ballot is checked against: its district's, or the single one. */
export function budgetScope(settings: BudgetSettings, district: string | null): { cap: number; projects: BudgetSettings['projects'] } {
  const cap = district === null ? settings.budget! : settings.districts!.find((d) => d.id === district)!.budget;
  return { cap, projects: settings.projects.filter((p) => (p.district ?? null) === district) };
}

/** Smallest spend that satisfies `minSpendShare` (whole euros). */
export const minimumSpend = (settings: BudgetSettings, cap: number) => Math.ceil((settings.minSpendShare ?? 0) * cap - 1e-9);

/** The server's copy of every check the widget makes on a participatory-budget ballot. */
export function checkBudgetBallot(settings: BudgetSettings, input: { choice: string[]; district?: string }): { choice: string[]; district: string | null } {
  let district: string | null = null;
  if (settings.districts) {
    if (input.district === undefined) {
      throw ruleError(BallotRuleCode.districtRequired, 'Choose the district you vote in', [{ path: 'district', message: 'Required' }]);
    }
    if (!settings.districts.some((d) => d.id === input.district)) {
      throw ruleError(BallotRuleCode.unknownDistrict, `Unknown district "${input.district}"`, [{ path: 'district', message: 'Unknown district' }]);
    }
    district = input.district;
  } else if (input.district !== undefined) {
    throw ruleError(BallotRuleCode.districtNotAllowed, 'This budget has no districts', [{ path: 'district', message: 'Not expected here' }]);
  }
  checkIds(input.choice, new Set(settings.projects.map((p) => p.id)), 'project');
  const { cap, projects } = budgetScope(settings, district);
  const inScope = new Map(projects.map((p) => [p.id, p]));
  input.choice.forEach((id, i) => {
    if (!inScope.has(id)) {
      throw ruleError(BallotRuleCode.projectOutsideDistrict, `Project "${id}" is not in the district you vote in`, [
        { path: `choice.${i}`, message: 'Outside the chosen district' },
      ]);
    }
  });
  if (settings.maxProjects !== undefined && input.choice.length > settings.maxProjects) {
    throw ruleError(BallotRuleCode.tooManyProjects, `Choose at most ${settings.maxProjects} projects`);
  }
  const total = input.choice.reduce((sum, id) => sum + inScope.get(id)!.cost, 0);
  if (total > cap) throw ruleError(BallotRuleCode.overBudget, `The chosen projects cost ${total} €, over the budget of ${cap} €`);
  const minimum = minimumSpend(settings, cap);
  if (total < minimum) throw ruleError(BallotRuleCode.underMinSpend, `Spend at least ${minimum} € of the ${cap} € budget (chosen: ${total} €)`);
  return { choice: input.choice, district };
}

/** A ballot from the core's common fields and its checked choice. */
function buildBallot(base: RecordBase<Ballot>, checked: { choice: string[]; district: string | null }): Ballot {
  return {
    id: base.id,
    consultationId: base.consultationId,
    accountId: base.accountId,
    participantHash: base.participantHash,
    district: checked.district,
    choice: checked.choice,
    status: base.status,
    reasons: base.reasons,
    castAt: base.existing?.castAt ?? base.now,
    updatedAt: base.now,
    reviewedAt: base.reviewedAt,
  };
}

interface Viewer {
  /** The viewer reads the staff views (see `readsStaffViews`): results before they are public, quarantined counts. */
  staffView: boolean;
}

// What staff need to judge: the choice, the reasons and the times.
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

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** Votes and participatory budgets: casting, changing and withdrawing a ballot, and results from counters. */
export class VoteService {
  constructor(
    private readonly ballots: BallotStore,
    private readonly consultations: ConsultationCache,
    private readonly participations: ParticipationService,
    private readonly clock: Clock,
  ) {}

  /** Ballots held back by the caps, for the staff's quarantine review. */
  readonly quarantine: QuarantineSource = {
    consultationKinds: VOTE_KINDS,
    traceKind: this.ballots.rows.kind,
    list: async (consultationId, afterId, limit) => (await this.ballots.listQuarantined(consultationId, afterId, limit)).map(ballotItem),
    quarantinedCount: async (consultationId) => (await this.ballots.tallies(consultationId)).totals.reduce((sum, t) => sum + t.quarantined, 0),
    review: (consultationId, id, decision) =>
      this.participations.review(this.ballots.rows, consultationId, id, decision, {
        notFound: () => new DomainError(BallotErrorCode.notFound, `No ballot ${id} in this consultation`),
        notQuarantined: (ballot) => new DomainError(BallotErrorCode.notQuarantined, `Ballot ${id} is not in quarantine (it is ${ballot.status})`),
      }),
    preview: async (tenant, slug, ids, decision) => {
      const { consultation, settings } = await this.consultations.load<VoteSettings | BudgetSettings>(tenant, slug, VOTE_KINDS);
      const status = consultationStatus(consultation, this.clock.now());
      const tallies = await this.ballots.tallies(consultation.id);
      const held = ids.map((id) => this.ballots.rows.byId(consultation.id, id)).filter((ballot) => ballot?.status === 'quarantined') as Ballot[];
      const present = (t: BallotTallies) =>
        consultation.kind === 'budget' ? budgetResults(settings as BudgetSettings, t, status, true) : voteResults(settings as VoteSettings, t, status, true);
      return { before: present(tallies), after: present(talliesAfterReview(tallies, held, decision)) };
    },
  };

  async cast(input: {
    tenant: Tenant;
    slug: string;
    account: Account | undefined;
    anonymousId: string | undefined;
    choice: string[];
    district?: string;
    onlyIfNew: boolean;
    ip: string;
    /** The form's hidden field was filled: kept, but quarantined. */
    honeypot?: boolean;
  }): Promise<CastOutcome> {
    const { consultation, settings } = await this.consultations.load<VoteSettings | BudgetSettings>(input.tenant, input.slug, VOTE_KINDS);
    const now = this.clock.now();
    assertCanParticipate(consultation, input.account, now);
    const participant = requireParticipant(input.account, input.anonymousId);
    const checked = consultation.kind === 'budget' ? checkBudgetBallot(settings as BudgetSettings, input) : checkVoteBallot(settings as VoteSettings, input);
    const { record, replaced } = await this.participations.submit({
      rows: this.ballots.rows,
      consultationId: consultation.id,
      participant,
      policy: consultation.stuffingPolicy,
      ip: input.ip,
      quarantine: input.honeypot === true ? ['honeypot'] : undefined,
      onlyIfNew: input.onlyIfNew
        ? () => new DomainError(BallotErrorCode.alreadyCast, 'A ballot was already cast by this participant; send it without If-None-Match to change it')
        : undefined,
      content: checked,
      build: buildBallot,
    });
    return { ballot: record, changed: replaced };
  }

  async mine(input: { tenant: Tenant; slug: string; account: Account | undefined; anonymousId: string | undefined }): Promise<Ballot | undefined> {
    const { consultation } = await this.consultations.load(input.tenant, input.slug, VOTE_KINDS);
    const participant = participantOf(input.account, input.anonymousId);
    return participant && this.ballots.getForParticipant(consultation.id, participant);
  }

  /** Withdrawing is taking part too: only while the consultation is open, and by whoever could vote. */
  async withdraw(input: { tenant: Tenant; slug: string; account: Account | undefined; anonymousId: string | undefined }): Promise<void> {
    const { consultation } = await this.consultations.load(input.tenant, input.slug, VOTE_KINDS);
    assertCanParticipate(consultation, input.account, this.clock.now());
    await this.participations.withdraw(
      this.ballots.rows,
      consultation.id,
      requireParticipant(input.account, input.anonymousId),
      () => new DomainError(BallotErrorCode.notFound, 'There is no ballot to withdraw'),
    );
  }

  async results(tenant: Tenant, slug: string, viewer: Viewer) {
    const { consultation, settings } = await this.consultations.load<VoteSettings | BudgetSettings>(tenant, slug, VOTE_KINDS);
    const now = this.clock.now();
    const status = consultationStatus(consultation, now);
    const staff = viewer.staffView;
    if (!staff && settings.resultsVisibility === 'after_close' && status !== 'closed') {
      throw new DomainError(RESULTS_HIDDEN, `Results are published when the consultation closes, on ${new Date(consultation.closesAt).toISOString()}`);
    }
    const tallies = await this.ballots.tallies(consultation.id);
    return consultation.kind === 'budget'
      ? budgetResults(settings as BudgetSettings, tallies, status, staff)
      : voteResults(settings as VoteSettings, tallies, status, staff);
  }
}

/**
 * The counters as they would be once these quarantined ballots are decided: what the writer's review does
 * (`KindRows.count` out as quarantined, in as accepted or rejected), applied to a copy.
 */
export function talliesAfterReview(tallies: BallotTallies, held: readonly Ballot[], decision: ReviewDecision): BallotTallies {
  const next: BallotTallies = { options: tallies.options.map((row) => ({ ...row })), totals: tallies.totals.map((row) => ({ ...row })) };
  for (const ballot of held) {
    const district = ballot.district ?? '';
    let totals = next.totals.find((row) => row.district === district);
    if (!totals) next.totals.push((totals = { district, counted: 0, quarantined: 0, rejected: 0 }));
    totals.quarantined--;
    if (decision === 'reject') {
      totals.rejected++;
      continue;
    }
    totals.counted++;
    for (const delta of contributions(ballot.choice, ballot.district)) {
      let row = next.options.find((option) => option.district === delta.district && option.optionId === delta.optionId);
      if (!row) next.options.push((row = { district: delta.district, optionId: delta.optionId, votes: 0, first: 0, points: 0 }));
      row.votes += delta.votes;
      row.first += delta.first;
      row.points += delta.points;
    }
  }
  return next;
}

function staffCounts(tallies: BallotTallies, staff: boolean) {
  if (!staff) return {};
  return {
    quarantined: tallies.totals.reduce((sum, t) => sum + t.quarantined, 0),
    rejected: tallies.totals.reduce((sum, t) => sum + t.rejected, 0),
  };
}

export function voteResults(settings: VoteSettings, tallies: BallotTallies, status: ConsultationStatus, staff: boolean) {
  const ballots = tallies.totals.reduce((sum, t) => sum + t.counted, 0);
  const byOption = new Map(tallies.options.map((t) => [t.optionId, t]));
  const ranking = settings.mode === 'ranking';
  const rows = settings.options.map((o) => ({ option: o, tally: byOption.get(o.id) }));
  const ranks = competitionRanks(rows.map((r) => (ranking ? (r.tally?.points ?? 0) : (r.tally?.votes ?? 0))));
  return {
    kind: 'vote' as const,
    mode: settings.mode,
    status,
    final: status === 'closed',
    ballots,
    ...staffCounts(tallies, staff),
    ...(ranking ? { method: RANKING_METHOD } : {}),
    options: rows.map(({ option, tally }, i) => ({
      id: option.id,
      label: option.label,
      votes: tally?.votes ?? 0,
      share: share(tally?.votes ?? 0, ballots),
      rank: ranks[i],
      ...(ranking ? { firstPreferences: tally?.first ?? 0, bordaPoints: tally?.points ?? 0 } : {}),
    })),
  };
}

export function budgetResults(settings: BudgetSettings, tallies: BallotTallies, status: ConsultationStatus, staff: boolean) {
  const scopes = settings.districts
    ? settings.districts.map((d) => ({ id: d.id as string | null, name: d.name as string | null, budget: d.budget }))
    : [{ id: null, name: null, budget: settings.budget! }];
  const districts = scopes.map((scope) => {
    const key = scope.id ?? '';
    const totals = tallies.totals.find((t) => t.district === key);
    const ballots = totals?.counted ?? 0;
    const votesOf = new Map(tallies.options.filter((t) => t.district === key).map((t) => [t.optionId, t.votes]));
    const projects = settings.projects
      .filter((p) => (p.district ?? null) === scope.id)
      .map((p) => ({ id: p.id, title: p.title, cost: p.cost, votes: votesOf.get(p.id) ?? 0, share: share(votesOf.get(p.id) ?? 0, ballots), funded: false }));
    // Greedy allocation, the usual rule of French participatory budgets: most voted first (cheaper first on a
    // tie), each funded if it still fits, the next ones tried even after one did not fit.
    let remaining = scope.budget;
    for (const project of [...projects].sort((a, b) => b.votes - a.votes || a.cost - b.cost)) {
      if (project.votes > 0 && project.cost <= remaining) {
        project.funded = true;
        remaining -= project.cost;
      }
    }
    return {
      id: scope.id,
      name: scope.name,
      budget: scope.budget,
      ballots,
      ...(staff ? { quarantined: totals?.quarantined ?? 0 } : {}),
      fundedCost: scope.budget - remaining,
      projects,
    };
  });
  return {
    kind: 'budget' as const,
    mode: 'budget' as const,
    status,
    final: status === 'closed',
    ballots: districts.reduce((sum, d) => sum + d.ballots, 0),
    ...staffCounts(tallies, staff),
    districts,
  };
}
