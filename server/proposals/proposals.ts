import type { ErrorStatuses } from '../errors.ts';

/** The answer, a state of its own beside moderation: staff study a proposal, then accept, refuse or select it. */
export const ANSWER_STATUSES = ['none', 'under_study', 'accepted', 'refused', 'selected'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

export const PROPOSAL_SORTS = ['newest', 'supported', 'answered'] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

/** The moderation module's kind for proposals. */
export const PROPOSAL_KIND = 'proposal';

export const ProposalErrorCode = {
  notFound: 'proposal_not_found',
  tooLong: 'proposal_too_long',
  unknownCategory: 'proposal_unknown_category',
  unknownQuartier: 'proposal_unknown_quartier',
  emailNotAllowed: 'proposal_email_not_allowed',
  imageNotFound: 'proposal_image_not_found',
  imageInvalid: 'proposal_image_invalid',
  imageTooLarge: 'proposal_image_too_large',
  imageType: 'proposal_image_type',
  notAuthor: 'proposal_not_author',
  notPublished: 'proposal_not_published',
  alreadyWithdrawn: 'proposal_already_withdrawn',
  supportNotFound: 'proposal_support_not_found',
  noDraftAnswer: 'proposal_no_draft_answer',
  subscriptionNotFound: 'proposal_subscription_not_found',
  notSelected: 'proposal_not_selected',
  budgetNotUpcoming: 'budget_not_upcoming',
  unmappedQuartier: 'proposal_unmapped_quartier',
  projectExists: 'budget_project_exists',
} as const;

export const proposalErrorStatuses: ErrorStatuses = {
  [ProposalErrorCode.notFound]: 404,
  [ProposalErrorCode.tooLong]: 422,
  [ProposalErrorCode.unknownCategory]: 422,
  [ProposalErrorCode.unknownQuartier]: 422,
  [ProposalErrorCode.emailNotAllowed]: 422,
  [ProposalErrorCode.imageNotFound]: 404,
  [ProposalErrorCode.imageInvalid]: 422,
  [ProposalErrorCode.imageTooLarge]: 413,
  [ProposalErrorCode.imageType]: 415,
  [ProposalErrorCode.notAuthor]: 403,
  [ProposalErrorCode.notPublished]: 409,
  [ProposalErrorCode.alreadyWithdrawn]: 409,
  [ProposalErrorCode.supportNotFound]: 404,
  [ProposalErrorCode.noDraftAnswer]: 409,
  [ProposalErrorCode.subscriptionNotFound]: 404,
  [ProposalErrorCode.notSelected]: 409,
  [ProposalErrorCode.budgetNotUpcoming]: 409,
  [ProposalErrorCode.unmappedQuartier]: 422,
  [ProposalErrorCode.projectExists]: 409,
};
