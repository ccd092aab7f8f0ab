/**
 * Consultations, ballots and results for `civ-vote`'s tests and stories, shaped as the API sends them, and the
 * mocked routes that serve them. Nothing here is bundled into the widget.
 *
 * @example
 * const api = mockApi(voteRoutes(singleVote(), { ballot: ballot(['samedi']) }));
 */
import type { Consultation } from '../core/api-types.ts';
import { at, consultation } from '../testing/consultation.ts';
import type { MockRoute } from '../testing/mock-api.ts';
import type { Ballot, BudgetSettings, Results, VoteSettings } from './vote-types.ts';

const DAYS = [
  { id: 'mardi', label: 'Mardi matin' },
  { id: 'mercredi', label: 'Mercredi matin', description: 'Pratique pour les familles : pas d’école le mercredi.' },
  { id: 'vendredi', label: 'Vendredi après-midi' },
  { id: 'samedi', label: 'Samedi matin', description: 'Le jour actuel du marché.' },
];

export const singleVote = (overrides: Partial<Consultation<VoteSettings>> = {}, settings: Partial<VoteSettings> = {}) =>
  consultation<VoteSettings>(
    'vote',
    'vote-marche',
    'Quel jour pour le marché ?',
    { mode: 'single', options: DAYS, minChoices: 1, maxChoices: 1, resultsVisibility: 'always', ...settings },
    overrides,
  );

export const approvalVote = (overrides: Partial<Consultation<VoteSettings>> = {}) =>
  consultation<VoteSettings>(
    'vote',
    'jours-marche',
    'Quels jours pour le marché ?',
    { mode: 'approval', options: DAYS, minChoices: 2, maxChoices: 3, resultsVisibility: 'always' },
    overrides,
  );

export const rankingVote = (overrides: Partial<Consultation<VoteSettings>> = {}) =>
  consultation<VoteSettings>(
    'vote',
    'priorites',
    'Classez les jours de marché',
    { mode: 'ranking', options: DAYS.slice(0, 3), minChoices: 2, maxChoices: 3, resultsVisibility: 'always' },
    overrides,
  );

const PROJECTS = [
  { id: 'fontaine', title: 'Rénover la fontaine', cost: 65_000, description: 'Remise en eau et éclairage économe.' },
  { id: 'arbres', title: 'Planter 40 arbres', cost: 48_000 },
  { id: 'livres', title: 'Cinq boîtes à livres', cost: 7_500 },
  { id: 'toilettes', title: 'Des toilettes publiques accessibles', cost: 85_000 },
];

/** A single budget of 150 000 €, at most 3 projects, at least half of it spent. */
export const budgetVote = (overrides: Partial<Consultation<BudgetSettings>> = {}, settings: Partial<BudgetSettings> = {}) =>
  consultation<BudgetSettings>(
    'budget',
    'budget-2027',
    'Budget participatif 2027',
    { projects: PROJECTS, budget: 150_000, maxProjects: 3, minSpendShare: 0.5, resultsVisibility: 'always', ...settings },
    { allowAnonymous: false, ...overrides },
  );

/** One budget per district. */
export const districtBudget = (overrides: Partial<Consultation<BudgetSettings>> = {}) =>
  consultation<BudgetSettings>(
    'budget',
    'budget-quartiers',
    'Budget participatif des quartiers',
    {
      districts: [
        { id: 'centre', name: 'Centre-ville', budget: 150_000 },
        { id: 'coteaux', name: 'Les Coteaux', budget: 100_000 },
      ],
      projects: [
        ...PROJECTS.map((p) => ({ ...p, district: 'centre' })),
        { id: 'city-stade', title: 'Un city-stade', cost: 72_000, district: 'coteaux' },
        { id: 'bancs', title: 'Des bancs au belvédère', cost: 12_000, district: 'coteaux' },
        { id: 'escalier', title: 'Éclairer l’escalier des Vignes', cost: 26_000, district: 'coteaux' },
      ],
      resultsVisibility: 'always',
    },
    { allowAnonymous: false, ...overrides },
  );

export function ballot(choice: string[], overrides: Partial<Ballot> = {}): Ballot {
  return { choice, district: null, status: 'accepted', counted: true, castAt: at(-2), updatedAt: at(-1), ...overrides };
}

/** Results of a poll: votes per option, in the order of the settings. */
export function pollResults(c: Consultation<VoteSettings>, votes: number[], overrides: Partial<Results> = {}): Results {
  const ballots = overrides.ballots ?? votes.reduce((a, b) => a + b, 0);
  const sorted = [...votes].sort((a, b) => b - a);
  return {
    kind: 'vote',
    mode: c.settings.mode,
    status: c.status,
    final: c.status === 'closed',
    ballots,
    options: c.settings.options.map((o, i) => ({
      id: o.id,
      label: o.label,
      votes: votes[i],
      share: ballots ? Math.round((votes[i] / ballots) * 10_000) / 10_000 : 0,
      rank: sorted.indexOf(votes[i]) + 1,
      ...(c.settings.mode === 'ranking' ? { bordaPoints: votes[i] * 2, firstPreferences: Math.ceil(votes[i] / 2) } : {}),
    })),
    ...overrides,
  };
}

/** Results of a budget: votes per project, per district; funded greedily, as the server does. */
export function budgetResults(c: Consultation<BudgetSettings>, votes: Record<string, number>, overrides: Partial<Results> = {}): Results {
  const s = c.settings;
  const scopes = s.districts?.map((d) => ({ id: d.id, name: d.name, budget: d.budget })) ?? [{ id: null, name: null, budget: s.budget! }];
  const districts = scopes.map((scope) => {
    const projects = s.projects
      .filter((p) => (p.district ?? null) === scope.id)
      .map((p) => ({ id: p.id, title: p.title, cost: p.cost, votes: votes[p.id] ?? 0, share: 0, funded: false }));
    const ballots = Math.max(0, ...projects.map((p) => p.votes));
    let left = scope.budget;
    for (const p of [...projects].sort((a, b) => b.votes - a.votes || a.cost - b.cost)) {
      p.share = ballots ? Math.round((p.votes / ballots) * 10_000) / 10_000 : 0;
      if (p.votes > 0 && p.cost <= left) {
        p.funded = true;
        left -= p.cost;
      }
    }
    return { ...scope, ballots, fundedCost: scope.budget - left, projects };
  });
  return {
    kind: 'budget',
    mode: 'budget',
    status: c.status,
    final: c.status === 'closed',
    ballots: districts.reduce((a, d) => a + d.ballots, 0),
    districts,
    ...overrides,
  };
}

/** The routes a vote page reads: the consultation, my ballot (none by default) and the results. */
export function voteRoutes(c: Consultation<unknown>, o: { ballot?: Ballot | null; results?: Results | MockRoute } = {}): Record<string, MockRoute> {
  const base = `consultations/${c.slug}`;
  return {
    [`GET ${base}`]: { body: c },
    [`GET ${base}/ballot`]: { body: { ballot: o.ballot ?? null } },
    ...(o.results ? { [`GET ${base}/results`]: typeof o.results === 'object' && 'kind' in o.results ? { body: o.results } : o.results } : {}),
  };
}
