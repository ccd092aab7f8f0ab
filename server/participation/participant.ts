import { createHash } from 'node:crypto';
import type { Account } from '../accounts/accounts.store.ts';
import { DomainError } from '../errors.ts';

/** An account, or an anonymous participant known only by the SHA-256 of the id its widget keeps. */
export type Participant = { accountId: string; participantHash: null } | { accountId: null; participantHash: Buffer };

export const PARTICIPANT_REQUIRED = 'participant_required';

/**
 * Who takes part: the signed-in account, else the anonymous id the widget sent in `Civique-Participant`, kept
 * only as its SHA-256 (the id is 128 random bits, so an unkeyed hash cannot be reversed by guessing).
 * A signed-in citizen is always their account, so signing in never opens a second participation.
 *
 * @example
 * participantOf(undefined, 'q3Xk9vL2mN8pR4tW7yZ1aB'); // { accountId: null, participantHash: <32 bytes> }
 */
export function participantOf(account: Account | undefined, anonymousId: string | undefined): Participant | undefined {
  if (account) return { accountId: account.id, participantHash: null };
  if (anonymousId) return { accountId: null, participantHash: createHash('sha256').update(anonymousId).digest() };
  return undefined;
}

/** @throws `participant_required` when neither a session nor an anonymous participant id came with the request */
export function requireParticipant(account: Account | undefined, anonymousId: string | undefined): Participant {
  const participant = participantOf(account, anonymousId);
  if (!participant) {
    throw new DomainError(PARTICIPANT_REQUIRED, 'Send the anonymous participant id in the Civique-Participant header, or sign in', {
      issues: [{ path: 'Civique-Participant', message: 'Required for anonymous participation' }],
    });
  }
  return participant;
}
