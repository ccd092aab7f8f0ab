export type ReviewDecision = 'accept' | 'reject';

type Reviewable = { status: 'accepted' | 'quarantined' | 'rejected'; reviewedAt: number | null };

/**
 * Staff's review of a participation held back by the anti-stuffing caps: only a quarantined one can be
 * reviewed; accepted, it counts from now on; rejected, it never counts. Ballots and survey responses share
 * the rule; each store applies the result to its own rows and counters.
 *
 * @example
 * reviewed(ballot, 'accept', now, () => new DomainError('ballot_not_quarantined', '…')); // { ...ballot, status: 'accepted' }
 */
export function reviewed<T extends Reviewable>(item: T, decision: ReviewDecision, now: number, notQuarantined: () => Error): T {
  if (item.status !== 'quarantined') throw notQuarantined();
  return { ...item, status: decision === 'accept' ? 'accepted' : 'rejected', reviewedAt: now };
}
