import type { Account } from './accounts.store.ts';

/** Whether the account restricted processing (GDPR art. 18) or objected to it (art. 21). */
export interface ProcessingFlags {
  restricted: boolean;
  objected: boolean;
}

/**
 * What Civique does with an account beyond carrying out the citizen's own requests:
 * - `staffViews`: show its contributions' free text to staff (survey results, quarantine review);
 * - `statistics`: count its profile in representativeness statistics;
 * - `notificationMail`: mail it news it did not ask for in that very request (e.g. an official answer);
 * - `securityMail`: mail it what its own security and rights depend on (address confirmation, password reset,
 *   security notices such as a change of its email address).
 */
export type ProcessingPurpose = 'staffViews' | 'statistics' | 'notificationMail' | 'securityMail';

export const processingFlags = (account: Pick<Account, 'restrictedAt' | 'objectedAt'>): ProcessingFlags => ({
  restricted: account.restrictedAt !== null,
  objected: account.objectedAt !== null,
});

/**
 * The one decision "may this account be used or mailed for this purpose?", for every staff view, statistic
 * and mail.
 *
 * @example
 * if (mayProcess(processingFlags(account), 'notificationMail')) await outbox.enqueue(mail);
 */
export function mayProcess(flags: ProcessingFlags, purpose: ProcessingPurpose): boolean {
  // Exempt: security mails. The citizen asked for them (a reset, a confirmation) or needs them to keep control
  // of the account; without them the rights themselves (access, erasure, restriction) could not be exercised
  // safely. Art. 18(2) and 21 restrict processing for our purposes, not the service the citizen is using.
  if (purpose === 'securityMail') return true;
  return !flags.restricted && !flags.objected;
}
