import type { ParticipationTranslation, RankingTranslation, ResultsTranslation } from './participation.fr.ts';

/** What `civ-vote` and `civ-survey` both say, in English; only in their English chunks. */
export const participationEn: ParticipationTranslation = {
  consultation: {
    unavailable: 'This consultation cannot be shown here. If this persists, please tell your town hall.',
    opensOn: (date: string) => `Opens on ${date}.`,
    openUntil: (date: string) => `Open until ${date}.`,
    closedOn: (date: string) => `Closed since ${date}.`,
    accountRequired: 'You need an account to take part.',
    signIn: 'Sign in or create an account',
    signInHere: 'Sign in with your account on this website, then come back to this page.',
    privacy: 'Your personal data',
    purposes: 'Why it is processed:',
    recipients: 'Who receives it:',
    retention: 'How long it is kept:',
    retentionEnd: (date: string) => `End of retention: ${date}.`,
    resultsHiddenUntil: (date: string) => `Results will be published when it closes, on ${date}.`,
  },
  errors: {
    participant_required: 'Your participation could not be identified. Reload the page, then try again.',
    consultation_not_configured: 'This consultation is not ready yet. Please try again later.',
  },
};

/** The results' strings in English. */
export const resultsEn: ResultsTranslation = {
  title: 'Results',
  final: 'Final results',
  provisional: 'Provisional results',
  quarantined: (n: number) => `Awaiting verification, not counted: ${n}.`,
  points: (points: number, first: number) => `${points} points, ranked first ${first} times`,
};

/** The keyboard ranking's strings in English. */
export const rankingEn: RankingTranslation = {
  ranked: 'Your ranking',
  unranked: 'To rank',
  add: 'Add',
  up: 'Move up',
  down: 'Move down',
  remove: 'Remove',
  position: (label: string, position: number, total: number) => `${label}: position ${position} of ${total}.`,
  removed: (label: string) => `${label}: removed from the ranking.`,
  full: (max: number) => `Ranking full (${max} at most): remove an option to add another.`,
  bounds: (min: number, max: number) => `Rank ${min === max ? min : `${min} to ${max}`} options, from favourite to least favourite, with the buttons.`,
  tooFew: (min: number) => `Rank at least ${min} option${min === 1 ? '' : 's'}.`,
};
