/**
 * Who may be mailed, and why: the one check every feature asks before writing a mail to an account.
 *
 * An account whose processing is restricted (GDPR art. 18) or that objected (art. 21) gets no mail except the
 * ones its rights or the law require, or that it asked for at that moment:
 * - `verifyEmail`, `confirmEmailChange`, `emailChangeRequested`, `resetPassword`, `accountExists`, `noAccount`:
 *   the security of the account, asked for by its holder (or telling them someone tried);
 * - `staffInvite`: asked by the operator for a person to become staff, who must be told;
 * - `moderationDecision`: the statement of reasons for hiding, rejecting or restoring their content (DSA art. 17);
 * - `proposalEmailConfirm`: the double opt-in an address asked for by typing it;
 * - `partnerMessage`: a business's request for help, to a partner organisation of the board (an address of the
 *   tenant's configuration, no account, so nothing to restrict).
 * Everything else is a notification and is not sent to them: `proposalAnswer`, `resourceMessage` (the message
 * waits in the board's thread).
 */
export const MAIL_PURPOSES = {
  verifyEmail: 'required',
  confirmEmailChange: 'required',
  emailChangeRequested: 'required',
  resetPassword: 'required',
  accountExists: 'required',
  noAccount: 'required',
  staffInvite: 'required',
  moderationDecision: 'required',
  proposalEmailConfirm: 'required',
  partnerMessage: 'required',
  proposalAnswer: 'notification',
  resourceMessage: 'notification',
} as const satisfies Record<string, 'required' | 'notification'>;
export type MailPurpose = keyof typeof MAIL_PURPOSES;

/** What the check reads of an account. */
export interface Recipient {
  restrictedAt: number | null;
  objectedAt: number | null;
}

/**
 * @example
 * mayMail(author, 'proposalAnswer'); // false when the author restricted processing or objected
 */
export function mayMail(recipient: Recipient, purpose: MailPurpose): boolean {
  if (MAIL_PURPOSES[purpose] === 'required') return true;
  return recipient.restrictedAt === null && recipient.objectedAt === null;
}
