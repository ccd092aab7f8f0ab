/**
 * The proposals API's data as `civ-proposal-form` and `civ-proposals` receive it, from the types generated out of
 * the OpenAPI document (`listProposals`, `getProposal`, `submitProposal`…).
 */
import type { components, operations } from '../core/api-schema.generated.ts';

type Schemas = components['schemas'];

/** A consultation's settings; `resultsVisibility` is not one of them (proposals and answers are public once published). */
export type ProposalsSettings = Schemas['ProposalsSettings'] & { resultsVisibility?: undefined };
/** A label in French, and in English when the collectivité gave one. */
export type Label = ProposalsSettings['categories'][number]['label'];
/** A proposal as the API sends it: never its author's name, address or id. */
export type Proposal = Schemas['Proposal'];
export type AnswerStatus = Proposal['answerStatus'];
export type ProposalPage = Schemas['ProposalPage'];
export type SubmitResult = Schemas['SubmitProposalResult'];
export type SupportResult = Schemas['SupportResult'];
/** What an anonymous author's address gave, seen with its mail's token. */
export type Subscription = Schemas['ProposalSubscription'];
export type Sort = NonNullable<NonNullable<operations['listProposals']['parameters']['query']>['sort']>;

/** The form's values (and its draft): every field a string, the consent a boolean. */
export type ProposalValues = {
  title: string;
  text: string;
  category: string;
  quartier: string;
  email: string;
  contactConsent: boolean;
  /** The chosen picture's file name, for the form (the picture itself stays in memory). */
  image: string;
};
