import type { Db } from '../db/open.ts';
import type { Participant } from '../participation/participant.ts';
import type { KindRows, ParticipationStatus, QuarantineReason } from '../participation/participation.ts';
import type { BatchHooks } from '../participation/group-commit.ts';
import { contributions, type TallyDelta } from '../participation/tally.ts';

export type BallotStatus = ParticipationStatus;

export interface Ballot {
  id: number;
  consultationId: string;
  /** Both null once the ballot has been unlinked (account erased, or retention end passed). */
  accountId: string | null;
  participantHash: Buffer | null;
  district: string | null;
  /** Option or project ids; for rankings, best first. */
  choice: string[];
  status: BallotStatus;
  reasons: QuarantineReason[];
  castAt: number;
  updatedAt: number;
  reviewedAt: number | null;
}

export interface CastOutcome {
  ballot: Ballot;
  changed: boolean;
}

export interface TallyRow {
  district: string;
  optionId: string;
  votes: number;
  first: number;
  points: number;
}

export interface TotalsRow {
  district: string;
  counted: number;
  quarantined: number;
  rejected: number;
}

export interface BallotTallies {
  options: TallyRow[];
  totals: TotalsRow[];
}

export const BallotErrorCode = {
  alreadyCast: 'ballot_already_cast',
  notFound: 'ballot_not_found',
  notQuarantined: 'ballot_not_quarantined',
} as const;

/**
 * Ballots and their counters. Casting, changing, withdrawing and reviewing go through the participation core
 * (`ParticipationService`), which writes with `rows` inside its group commit.
 */
export interface BallotStore {
  /** The ballots' rows and counters, for the participation writer's transaction. */
  rows: KindRows<Ballot>;
  getForParticipant(consultationId: string, participant: Participant): Promise<Ballot | undefined>;
  /** The maintained counters; never reads the ballots table. */
  tallies(consultationId: string): Promise<BallotTallies>;
  listQuarantined(consultationId: string, afterId: number, limit: number): Promise<Ballot[]>;
  listForAccount(accountId: string): Promise<Ballot[]>;
  /** Account erasure: the ballots stay counted but lose their link and their precise times. */
  unlinkAccount(accountId: string): Promise<void>;
  /**
   * Retention end: every ballot of the consultation loses its account link and anonymous hash, and its times
   * are cut to the day. The choice stays: it is what the counters were made of, and it names no one.
   */
  unlinkConsultation(consultationId: string): Promise<void>;
  /** Counts recomputed from the ballots themselves: an audit of the counters, never used to serve results. */
  recount(consultationId: string): Promise<BallotTallies>;
}

interface BallotRow {
  id: number;
  consultation_id: string;
  account_id: string | null;
  participant_hash: Buffer | null;
  district: string | null;
  choice: string;
  status: BallotStatus;
  reasons: string;
  cast_at: number;
  updated_at: number;
  reviewed_at: number | null;
}

const toBallot = (row: BallotRow): Ballot => ({
  id: row.id,
  consultationId: row.consultation_id,
  accountId: row.account_id,
  participantHash: row.participant_hash,
  district: row.district,
  choice: JSON.parse(row.choice),
  status: row.status,
  reasons: JSON.parse(row.reasons),
  castAt: row.cast_at,
  updatedAt: row.updated_at,
  reviewedAt: row.reviewed_at,
});

const ballotParams = (b: Ballot) => ({
  id: b.id,
  consultationId: b.consultationId,
  accountId: b.accountId,
  participantHash: b.participantHash,
  district: b.district,
  choice: JSON.stringify(b.choice),
  status: b.status,
  reasons: JSON.stringify(b.reasons),
  castAt: b.castAt,
  updatedAt: b.updatedAt,
  reviewedAt: b.reviewedAt,
});

/**
 * @param writer the participation writer on the same connection: inside its batches, counter changes are summed
 *   per counter row and written once, just before the commit (fifty ballots for one option: one upsert, not fifty).
 */
export function createSqliteBallotStore(db: Db, writer?: { onBatch(hooks: BatchHooks): void }): BallotStore {
  // Both bound by position, as the insert below: every ballot looks its participant up first.
  const byAccount = db.prepare<[string, string], BallotRow>('SELECT * FROM ballots WHERE consultation_id = ? AND account_id = ?');
  const byParticipant = db.prepare<[string, Buffer | null], BallotRow>('SELECT * FROM ballots WHERE consultation_id = ? AND participant_hash = ?');
  const byId = db.prepare<{ consultationId: string; id: number }, BallotRow>('SELECT * FROM ballots WHERE consultation_id = :consultationId AND id = :id');
  // Bound by position: at every ballot, looking ten named parameters up cost better-sqlite3 about a microsecond more.
  const insert = db.prepare<[string, string | null, Buffer | null, string | null, string, string, string, number, number, number | null]>(`
    INSERT INTO ballots (consultation_id, account_id, participant_hash, district, choice, status, reasons, cast_at, updated_at, reviewed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (consultation_id, account_id) WHERE account_id IS NOT NULL DO NOTHING
    ON CONFLICT (consultation_id, participant_hash) WHERE participant_hash IS NOT NULL DO NOTHING`);
  const update = db.prepare(`
    UPDATE ballots SET district = :district, choice = :choice, status = :status, reasons = :reasons,
      updated_at = :updatedAt, reviewed_at = :reviewedAt
    WHERE id = :id`);
  const remove = db.prepare('DELETE FROM ballots WHERE id = ?');
  const addTally = db.prepare<{ consultationId: string; district: string; optionId: string; votes: number; first: number; points: number }>(`
    INSERT INTO ballot_tallies (consultation_id, district, option_id, votes, first, points)
    VALUES (:consultationId, :district, :optionId, :votes, :first, :points)
    ON CONFLICT (consultation_id, district, option_id) DO UPDATE SET
      votes = votes + excluded.votes, first = first + excluded.first, points = points + excluded.points`);
  const addTotals = db.prepare<{ consultationId: string; district: string; counted: number; quarantined: number; rejected: number }>(`
    INSERT INTO ballot_totals (consultation_id, district, counted, quarantined, rejected)
    VALUES (:consultationId, :district, :counted, :quarantined, :rejected)
    ON CONFLICT (consultation_id, district) DO UPDATE SET counted = counted + excluded.counted,
      quarantined = quarantined + excluded.quarantined, rejected = rejected + excluded.rejected`);
  type TotalsDelta = { consultationId: string; district: string; counted: number; quarantined: number; rejected: number };
  type TallyParams = TallyDelta & { consultationId: string };
  const pendingTotals = new Map<string, TotalsDelta>();
  const pendingTallies = new Map<string, TallyParams>();
  let inBatch = false;
  const forget = () => {
    pendingTotals.clear();
    pendingTallies.clear();
  };
  writer?.onBatch({
    begin() {
      inBatch = true;
      forget();
    },
    beforeCommit() {
      for (const totals of pendingTotals.values()) addTotals.run(totals);
      for (const tally of pendingTallies.values()) addTally.run(tally);
      forget();
    },
    end() {
      inBatch = false;
      forget();
    },
  });
  const find = (consultationId: string, participant: Participant): Ballot | undefined => {
    const row =
      participant.accountId !== null ? byAccount.get(consultationId, participant.accountId) : byParticipant.get(consultationId, participant.participantHash);
    return row && toBallot(row);
  };

  const rows: KindRows<Ballot> = {
    kind: 'ballot',
    find,
    byId(consultationId, id) {
      const row = byId.get({ consultationId, id });
      return row && toBallot(row);
    },
    insert(b) {
      const choice = JSON.stringify(b.choice);
      const reasons = JSON.stringify(b.reasons);
      const result = insert.run(b.consultationId, b.accountId, b.participantHash, b.district, choice, b.status, reasons, b.castAt, b.updatedAt, b.reviewedAt);
      return result.changes === 0 ? undefined : Number(result.lastInsertRowid);
    },
    update(ballot) {
      update.run(ballotParams(ballot));
    },
    remove(ballot) {
      remove.run(ballot.id);
    },
    count(ballot, sign) {
      const district = ballot.district ?? '';
      const totals = {
        consultationId: ballot.consultationId,
        district,
        counted: ballot.status === 'accepted' ? sign : 0,
        quarantined: ballot.status === 'quarantined' ? sign : 0,
        rejected: ballot.status === 'rejected' ? sign : 0,
      };
      const tallies = ballot.status === 'accepted' ? contributions(ballot.choice, ballot.district, sign) : [];
      if (!inBatch) {
        addTotals.run(totals);
        for (const delta of tallies) addTally.run({ consultationId: ballot.consultationId, ...delta });
        return;
      }
      const key = `${ballot.consultationId}\u0000${district}`;
      const pending = pendingTotals.get(key);
      if (!pending) pendingTotals.set(key, totals);
      else {
        pending.counted += totals.counted;
        pending.quarantined += totals.quarantined;
        pending.rejected += totals.rejected;
      }
      for (const delta of tallies) {
        const tallyKey = `${key}\u0000${delta.optionId}`;
        const summed = pendingTallies.get(tallyKey);
        if (!summed) pendingTallies.set(tallyKey, { consultationId: ballot.consultationId, ...delta });
        else {
          summed.votes += delta.votes;
          summed.first += delta.first;
          summed.points += delta.points;
        }
      }
    },
  };

  const tallies = db.prepare<{ consultationId: string }, { district: string; option_id: string; votes: number; first: number; points: number }>(
    'SELECT district, option_id, votes, first, points FROM ballot_tallies WHERE consultation_id = :consultationId',
  );
  const totals = db.prepare<{ consultationId: string }, { district: string; counted: number; quarantined: number; rejected: number }>(
    'SELECT district, counted, quarantined, rejected FROM ballot_totals WHERE consultation_id = :consultationId',
  );
  const quarantined = db.prepare<{ consultationId: string; afterId: number; limit: number }, BallotRow>(`
    SELECT * FROM ballots WHERE consultation_id = :consultationId AND status = 'quarantined' AND id > :afterId
    ORDER BY id LIMIT :limit`);
  const forAccount = db.prepare<{ accountId: string }, BallotRow>('SELECT * FROM ballots WHERE account_id = :accountId ORDER BY cast_at');
  // Precise times could be matched against other logs: an unlinked ballot keeps only its day.
  const unlinkAccount = db.prepare(`
    UPDATE ballots SET account_id = NULL, cast_at = cast_at - cast_at % 86400000, updated_at = updated_at - updated_at % 86400000,
      reviewed_at = reviewed_at - reviewed_at % 86400000
    WHERE account_id = :accountId`);
  const unlinkConsultation = db.prepare(`
    UPDATE ballots SET account_id = NULL, participant_hash = NULL, cast_at = cast_at - cast_at % 86400000,
      updated_at = updated_at - updated_at % 86400000, reviewed_at = reviewed_at - reviewed_at % 86400000
    WHERE consultation_id = :consultationId`);
  const recountTotals = db.prepare<{ consultationId: string }, { district: string; counted: number; quarantined: number; rejected: number }>(`
    SELECT coalesce(district, '') AS district,
      sum(status = 'accepted') AS counted, sum(status = 'quarantined') AS quarantined, sum(status = 'rejected') AS rejected
    FROM ballots WHERE consultation_id = :consultationId GROUP BY 1`);
  const recountOptions = db.prepare<{ consultationId: string }, { district: string; option_id: string; votes: number; first: number; points: number }>(`
    SELECT coalesce(b.district, '') AS district, j.value AS option_id, count(*) AS votes,
      sum(j.key = 0) AS first, sum(json_array_length(b.choice) - j.key) AS points
    FROM ballots b, json_each(b.choice) j
    WHERE b.consultation_id = :consultationId AND b.status = 'accepted'
    GROUP BY 1, 2`);

  const toTallies = (
    options: { district: string; option_id: string; votes: number; first: number; points: number }[],
    totalRows: TotalsRow[],
  ): BallotTallies => ({
    options: options.map((r) => ({ district: r.district, optionId: r.option_id, votes: r.votes, first: r.first, points: r.points })),
    totals: totalRows.map((r) => ({ district: r.district, counted: r.counted, quarantined: r.quarantined, rejected: r.rejected })),
  });

  return {
    rows,
    async getForParticipant(consultationId, participant) {
      return find(consultationId, participant);
    },
    async tallies(consultationId) {
      return toTallies(tallies.all({ consultationId }), totals.all({ consultationId }));
    },
    async listQuarantined(consultationId, afterId, limit) {
      return quarantined.all({ consultationId, afterId, limit }).map(toBallot);
    },
    async listForAccount(accountId) {
      return forAccount.all({ accountId }).map(toBallot);
    },
    async unlinkAccount(accountId) {
      unlinkAccount.run({ accountId });
    },
    async unlinkConsultation(consultationId) {
      unlinkConsultation.run({ consultationId });
    },
    async recount(consultationId) {
      return toTallies(recountOptions.all({ consultationId }), recountTotals.all({ consultationId }));
    },
  };
}
