import { en as core } from '../../core/i18n/en.ts';
import { participationEn, rankingEn, resultsEn } from '../../core/i18n/participation.en.ts';
import type { VoteTranslation } from './fr.ts';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** `civ-vote` in English; a separate chunk, loaded only on English pages. */
export const en: VoteTranslation = {
  ...core,
  ...participationEn,
  ranking: rankingEn,
  results: resultsEn,
  errors: {
    ...core.errors,
    ...participationEn.errors,
    ballot_unknown_option: 'One of your choices no longer exists. Reload the page, then vote again.',
    ballot_duplicate_option: 'An option appears twice in your vote.',
    ballot_too_few_choices: 'You have not chosen enough options.',
    ballot_too_many_choices: 'You have chosen too many options.',
    ballot_district_required: 'Choose your district.',
    ballot_unknown_district: 'This district no longer exists. Reload the page, then try again.',
    ballot_district_not_allowed: 'This vote is not by district. Reload the page, then try again.',
    ballot_project_outside_district: 'A chosen project is not in your district.',
    ballot_too_many_projects: 'You have chosen too many projects.',
    ballot_over_budget: 'Your projects exceed the budget: remove one.',
    ballot_under_min_spend: 'Your projects do not reach the minimum to spend: add one.',
    ballot_already_cast: 'You have already voted. Reload the page to see your vote.',
    ballot_not_found: 'There is no vote to withdraw.',
  },
  vote: {
    legend: { single: 'Your choice', approval: 'Your choices', ranking: 'Your ranking' },
    single: 'One answer only.',
    approval: (min: number, max: number) => (min === 1 ? `Choose up to ${max} options.` : `Choose ${min} to ${max} options.`),
    none: 'Choose an option before voting.',
    tooFew: (min: number) => `Choose at least ${min} options.`,
    tooMany: (max: number) => `You have already chosen ${max} options, the maximum: untick one to choose another.`,
    submit: 'Vote',
    change: 'Change my vote',
    withdraw: 'Withdraw my vote',
    withdrawAsk: 'Withdraw your vote? It will no longer count; you can vote again until it closes.',
    withdrawYes: 'Yes, withdraw my vote',
    withdrawNo: 'No, keep my vote',
    mine: (date: string) => `You voted on ${date}. You can change or withdraw your vote until it closes.`,
    pending: 'It will be counted once the local authority has checked it: several votes came from the same connection.',
    cast: 'Thank you! Your vote is recorded.',
    changed: 'Your vote is changed.',
    withdrawn: 'Your vote is withdrawn.',
    votes: (n: number) => plural(n, '1 vote', `${n} votes`),
    borda: 'Points: on each ballot, the 1st choice gets as many points as options ranked, the 2nd one fewer, and so on.',
  },
  budget: {
    district: 'Which district do you vote in?',
    districtHint: 'Each district has its budget; you vote in one. Changing district removes the projects you chose.',
    districtBudget: (amount: string) => `Budget: ${amount}`,
    chooseDistrict: 'First choose your district to see its projects.',
    projects: (name?: string) => (name ? `Projects in ${name}` : 'The projects'),
    cap: (amount: string) => `Budget to share out: ${amount}.`,
    maxProjects: (n: number) => `${n} projects at most.`,
    minSpend: (share: string, amount: string) => `Use at least ${share} of the budget (${amount}).`,
    total: (spent: string, cap: string, left: string) => `Total: ${spent} of ${cap}, ${left} left.`,
    doesNotFit: (title: string, cost: string, left: string) =>
      `“${title}” costs ${cost}, but only ${left} is left in the budget: remove another project first.`,
    tooMany: (n: number) => `You have already chosen ${n} projects, the maximum: remove one to choose another.`,
    none: 'Choose at least one project.',
    underMin: (amount: string) => `Your projects do not reach the minimum to spend (${amount}): add one.`,
    funded: 'selected',
    fundedTotal: (amount: string, cap: string) => `Selected projects: ${amount} of ${cap}.`,
  },
};
