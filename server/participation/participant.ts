import type { Account } from '../accounts/accounts.store.ts';
import { DomainError } from '../errors.ts';
import { sha256 } from '../sha256.ts';

/** An account, or an anonymous participant known only by a key derived from the id its widget keeps (`participantKey`). */
export type Participant = { accountId: string; participantHash: null } | { accountId: null; participantHash: Buffer };

export const PARTICIPANT_REQUIRED = 'participant_required';

/**
 * An anonymous participant id: 128 random bits or more in base64url, after its creation time (12 hex digits of
 * milliseconds and a dot) as widgets make them (widgets/core/participant.ts); older ids have no time.
 */
export const ANONYMOUS_ID = /^(?:([0-9a-f]{12})\.)?[A-Za-z0-9_-]{22,128}$/;

/**
 * The 32 bytes an anonymous participant is stored as: the SHA-256 of the id (128 random bits at least, so an
 * unkeyed hash cannot be reversed by guessing). When the id starts with its creation time (`0194f3a2b1c0.…`, as
 * widgets make them), the key is that time (6 bytes) followed by the first 26 bytes of the hash: new participants
 * then go to the end of the one-per-participant indexes instead of dirtying a random page of each at every
 * ballot. The time tells no more than the participant's first ballot does. Older ids, without a time, keep
 * their plain SHA-256, so every participant keeps the same key.
 *
 * @example
 * participantKey('q3Xk9vL2mN8pR4tW7yZ1aB');              // SHA-256 of the id
 * participantKey('0194f3a2b1c0.q3Xk9vL2mN8pR4tW7yZ1aB'); // 0194f3a2b1c0 ‖ SHA-256(id)[0..26)
 */
export function participantKey(anonymousId: string): Buffer {
  // In JavaScript (sha256.ts): for a text this short, at every anonymous participation, OpenSSL's cost per call
  // is most of a hash.
  const key = sha256(anonymousId);
  const time = ANONYMOUS_ID.exec(anonymousId)?.[1];
  if (time) {
    key.copyWithin(6, 0, 26);
    key.write(time, 0, 'hex');
  }
  return key;
}

/**
 * Who takes part: the signed-in account, else the anonymous id the widget sent in `Civique-Participant`, kept
 * only as its key (`participantKey`).
 * A signed-in citizen is always their account, so signing in never opens a second participation.
 *
 * @example
 * participantOf(undefined, 'q3Xk9vL2mN8pR4tW7yZ1aB'); // { accountId: null, participantHash: <32 bytes> }
 */
export function participantOf(account: Account | undefined, anonymousId: string | undefined): Participant | undefined {
  if (account) return { accountId: account.id, participantHash: null };
  if (anonymousId) return { accountId: null, participantHash: participantKey(anonymousId) };
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
