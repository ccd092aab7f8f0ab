/**
 * What one counted participation adds to the counters. Pure, and a function of the stored choice alone (not of
 * the settings), so that removing a ballot subtracts exactly what casting it added, whatever staff edited since.
 */
export interface TallyDelta {
  /** '' when the consultation has no districts. */
  district: string;
  optionId: string;
  votes: number;
  first: number;
  points: number;
}

/**
 * Every option in the choice gets one vote; the first one a first preference; and, for rankings, modified Borda
 * points: in a ballot ranking k options, position i (0-based) earns k − i points, so a full ranking of n
 * options gives n … 1 and a partial ranking never earns its options more than a full one would. For single,
 * approval and budget ballots only `votes` is read.
 *
 * @example
 * contributions(['b', 'a', 'c'], null);
 * // [{ optionId: 'b', votes: 1, first: 1, points: 3, district: '' }, { optionId: 'a', …, points: 2 }, { optionId: 'c', …, points: 1 }]
 */
export function contributions(choice: readonly string[], district: string | null, sign: 1 | -1 = 1): TallyDelta[] {
  const k = choice.length;
  return choice.map((optionId, i) => ({
    district: district ?? '',
    optionId,
    votes: sign,
    first: i === 0 ? sign : 0,
    points: sign * (k - i),
  }));
}

/** Standard competition ranks ("1224"): equal scores share a rank, the next rank skips. */
export function competitionRanks(scores: readonly number[]): number[] {
  return scores.map((score) => 1 + scores.filter((other) => other > score).length);
}

/** How ranked choices are counted, shown beside ranking results (votes and survey questions alike). */
export const RANKING_METHOD =
  'Modified Borda count: a ballot ranking k options gives k points to its first, k − 1 to its second … 1 to its last; unranked options get nothing. Options are ranked by points; first preferences are shown beside them.';

/** Results asked for before they are public. */
export const RESULTS_HIDDEN = 'results_hidden';
