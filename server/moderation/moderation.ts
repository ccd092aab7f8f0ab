import type { ErrorStatuses } from '../errors.ts';

/** Where a piece of content stands for moderation, apart from any answer or lifecycle state of its own. */
export const MODERATION_STATES = ['submitted', 'published', 'rejected', 'hidden'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

/**
 * The one rule of moderation: which state may follow which. A rejected submission stays rejected (its author
 * submits again); published content can only be hidden; hidden content can only be restored.
 */
export const MODERATION_TRANSITIONS: Readonly<Record<ModerationState, readonly ModerationState[]>> = {
  submitted: ['published', 'rejected', 'hidden'],
  published: ['hidden'],
  hidden: ['published'],
  rejected: [],
};

export const isAllowedTransition = (from: ModerationState, to: ModerationState) => MODERATION_TRANSITIONS[from].includes(to);

/** Decisions that take something from its author, or give it back, must say why (DSA art. 17). */
export const needsStatement = (from: ModerationState, to: ModerationState) => to === 'hidden' || to === 'rejected' || from === 'hidden';

/** Why a citizen flags content: a closed list, so that flags can be counted and sorted. */
export const FLAG_REASONS = ['illegal', 'hateful', 'harassment', 'personal_data', 'spam', 'off_topic', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** Verified flags from this many different accounts hide published content until a moderator looks. */
export const DEFAULT_FLAG_THRESHOLD = 3;

export const ModerationErrorCode = {
  targetNotFound: 'moderation_target_not_found',
  transitionNotAllowed: 'moderation_transition_not_allowed',
  statementRequired: 'moderation_statement_required',
  alreadyFlagged: 'already_flagged',
} as const;

export const moderationErrorStatuses: ErrorStatuses = {
  [ModerationErrorCode.targetNotFound]: 404,
  [ModerationErrorCode.transitionNotAllowed]: 409,
  [ModerationErrorCode.statementRequired]: 400,
  [ModerationErrorCode.alreadyFlagged]: 409,
};
