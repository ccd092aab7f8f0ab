/**
 * The proposals API's data as `civ-proposal-form` and `civ-proposals` receive it (`listProposals`, `getProposal`,
 * `submitProposal`…), as the API contract states it.
 */

/** A label in French, and in English when the collectivité gave one. */
export interface Label {
  fr: string;
  en?: string;
}

export interface ProposalsSettings {
  categories: { id: string; label: Label }[];
  quartiers: { id: string; label: Label }[];
  allowAnonymous?: boolean;
  titleMax?: number;
  bodyMax?: number;
  premoderation?: boolean;
  supportCap?: number;
  /** Not a setting of this kind: the proposals and their answers are public once published. */
  resultsVisibility?: undefined;
}

export type AnswerStatus = 'none' | 'under_study' | 'accepted' | 'refused' | 'selected';
export type Moderation = 'submitted' | 'published' | 'rejected' | 'hidden' | 'withdrawn';
export type Sort = 'newest' | 'supported' | 'answered';
/** Why a proposal is flagged (`FLAG_REASONS` of the shared moderation; the widgets' list is the keys of their labels). */
export type FlagReason = 'illegal' | 'hateful' | 'harassment' | 'personal_data' | 'spam' | 'off_topic' | 'other';

/** A proposal as the API sends it: never its author's name, address or id. */
export interface Proposal {
  id: string;
  slug: string;
  title: string;
  text: string;
  category: string | null;
  quartier: string | null;
  imageUrl: string | null;
  moderation: Moderation;
  rejectionReason: string | null;
  answerStatus: AnswerStatus;
  answer: { text: string; answeringBody: string; publishedAt: string } | null;
  supportCount: number;
  createdAt: string;
  byMe: boolean;
}

export interface ProposalPage {
  items: Proposal[];
  nextCursor: string | null;
}

export interface SubmitResult {
  proposal: Proposal;
  emailConfirmation: 'pending' | 'none';
}

export interface SupportResult {
  supportCount: number;
  supported: boolean;
  status?: 'accepted' | 'quarantined';
}

/** The form's values (and its draft): every field a string, the consent a boolean. */
export type ProposalValues = {
  title: string;
  text: string;
  category: string;
  quartier: string;
  email: string;
  contactConsent: boolean;
  /** The chosen picture's name and weight, for the form (the picture itself stays in memory). */
  image: string;
};
