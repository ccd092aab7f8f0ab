import type { StuffingPolicy } from '../consultations/consultations.store.ts';
import type { Db } from '../db/open.ts';
import { DomainError } from '../errors.ts';
import { reviewed, type ReviewDecision } from '../stuffing/quarantine-review.ts';
import { RecentTraces } from '../stuffing/recent-traces.ts';
import { stuffingSql } from '../stuffing/stuffing.store.ts';
import { evaluateCaps, siteCap, MAX_CAP_WINDOW_MINUTES, type CapReason, type IpFingerprint } from '../stuffing/stuffing.service.ts';
import { contributions, type TallyDelta } from './tally.ts';
import { GroupCommitQueue, workerCommitter, type JobOutcome } from './ballot-writer.ts';

export type BallotStatus = 'accepted' | 'quarantined' | 'rejected';

/** An account, or an anonymous participant known only by the SHA-256 of the id its widget keeps. */
export type BallotParticipant = { accountId: string; participantHash: null } | { accountId: null; participantHash: Buffer };

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
  reasons: CapReason[];
  castAt: number;
  updatedAt: number;
  reviewedAt: number | null;
}

/** Everything a cast needs inside the transaction: the rules that depend on the database run there. */
export interface CastBallotWrite {
  consultationId: string;
  participant: BallotParticipant;
  district: string | null;
  choice: string[];
  now: number;
  /** Refuse (`ballot_already_cast`) instead of changing an existing ballot. */
  onlyIfNew: boolean;
  stuffing: { policy: StuffingPolicy; since: { ip: number; prefix: number; site?: number }; fingerprint: IpFingerprint; honeypot?: boolean };
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

export type { ReviewDecision } from '../stuffing/quarantine-review.ts';

export const BallotErrorCode = {
  alreadyCast: 'ballot_already_cast',
  notFound: 'ballot_not_found',
  notQuarantined: 'ballot_not_quarantined',
} as const;

/**
 * Ballots and their counters. Writes (cast, withdraw, review) go through one group-commit writer: requests
 * arriving together share one transaction and one fsync, and each promise settles only after its commit.
 */
export interface BallotStore {
  cast(write: CastBallotWrite): Promise<CastOutcome>;
  /** Removes the participant's ballot and its counts; `ballot_not_found` when there is none. */
  withdraw(consultationId: string, participant: BallotParticipant): Promise<Ballot>;
  /** Takes a quarantined ballot out of quarantine: accepted ones start counting, rejected ones never do. */
  review(consultationId: string, ballotId: number, decision: ReviewDecision, now: number): Promise<Ballot>;
  getForParticipant(consultationId: string, participant: BallotParticipant): Promise<Ballot | undefined>;
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
  /** The writing connection's `PRAGMA synchronous` (FULL: every acknowledged ballot is on disk). */
  synchronous(): Promise<string>;
  close(): Promise<void>;
}

/** The jobs the writer runs. */
export type BallotJob =
  | { type: 'cast'; write: CastBallotWrite }
  | { type: 'withdraw'; consultationId: string; participant: BallotParticipant }
  | { type: 'review'; consultationId: string; ballotId: number; decision: ReviewDecision; now: number };

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

/** Hashes may arrive as plain Uint8Arrays (structured clone); SQLite wants the bytes either way. */
const asBuffer = (bytes: Uint8Array | null): Buffer | null =>
  bytes === null ? null : Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

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

const PARTICIPATION_KIND = 'ballot';
/** Prefix hashes are remembered apart from address hashes: the same bytes must never count for both. */
const prefixScope = (scope: string) => `${scope}/prefix`;
const siteScope = (scope: string) => `${scope}/site`;

/**
 * The synchronous core of the ballot writer: every statement prepared once, and `runBatch`, which applies a
 * batch of jobs in ONE transaction (one fsync). Each job checks everything that can refuse it before writing
 * anything, so a refused job leaves nothing behind without the cost of a savepoint per job; counters are summed
 * in memory and written once per key at the end of the batch. The anti-stuffing caps are counted in memory
 * (`RecentTraces`, rebuilt here from the ballots' traces of the longest cap window): this connection is the
 * only one that writes ballot traces, so what it remembers is exact.
 */
export function ballotSql(db: Db) {
  const traces = stuffingSql(db);
  const horizon = MAX_CAP_WINDOW_MINUTES * 60_000;
  const recent = new RecentTraces(horizon);
  for (const trace of traces.recentOfKind(PARTICIPATION_KIND, Date.now() - horizon)) {
    recent.add(trace.scope, trace.ip_hash, trace.created_at);
    recent.add(prefixScope(trace.scope), trace.prefix_hash, trace.created_at);
    if (trace.site_hash) recent.add(siteScope(trace.scope), trace.site_hash, trace.created_at);
  }
  /** Forgets the in-memory traces of a participation before its rows go. */
  const forgetTraces = (participationId: string) => {
    for (const trace of traces.ofParticipation(PARTICIPATION_KIND, participationId)) {
      recent.remove(trace.scope, trace.ip_hash, trace.created_at);
      recent.remove(prefixScope(trace.scope), trace.prefix_hash, trace.created_at);
      if (trace.site_hash) recent.remove(siteScope(trace.scope), trace.site_hash, trace.created_at);
    }
  };
  const byAccount = db.prepare<{ consultationId: string; accountId: string }, BallotRow>(
    'SELECT * FROM ballots WHERE consultation_id = :consultationId AND account_id = :accountId',
  );
  const byParticipant = db.prepare<{ consultationId: string; participantHash: Buffer }, BallotRow>(
    'SELECT * FROM ballots WHERE consultation_id = :consultationId AND participant_hash = :participantHash',
  );
  const byId = db.prepare<{ consultationId: string; id: number }, BallotRow>(
    'SELECT * FROM ballots WHERE consultation_id = :consultationId AND id = :id',
  );
  const insert = db.prepare<Omit<ReturnType<typeof ballotParams>, 'id'>>(`
    INSERT INTO ballots (consultation_id, account_id, participant_hash, district, choice, status, reasons, cast_at, updated_at, reviewed_at)
    VALUES (:consultationId, :accountId, :participantHash, :district, :choice, :status, :reasons, :castAt, :updatedAt, :reviewedAt)`);
  const update = db.prepare(`
    UPDATE ballots SET district = :district, choice = :choice, status = :status, reasons = :reasons,
      updated_at = :updatedAt, reviewed_at = :reviewedAt
    WHERE id = :id`);
  const remove = db.prepare('DELETE FROM ballots WHERE id = ?');
  // A participation keeps one trace: changing a ballot replaces its trace rather than adding one, so a citizen
  // who changes their mind ten times from home is not quarantined by their own earlier ballots.
  const removeTrace = db.prepare(
    'DELETE FROM ip_traces WHERE participation_kind = :kind AND participation_id = :participationId',
  );
  const addTally = db.prepare<{ consultationId: string } & TallyDelta>(`
    INSERT INTO ballot_tallies (consultation_id, district, option_id, votes, first, points)
    VALUES (:consultationId, :district, :optionId, :votes, :first, :points)
    ON CONFLICT (consultation_id, district, option_id) DO UPDATE SET
      votes = votes + excluded.votes, first = first + excluded.first, points = points + excluded.points`);
  const addTotals = db.prepare<{ consultationId: string; district: string; counted: number; quarantined: number; rejected: number }>(`
    INSERT INTO ballot_totals (consultation_id, district, counted, quarantined, rejected)
    VALUES (:consultationId, :district, :counted, :quarantined, :rejected)
    ON CONFLICT (consultation_id, district) DO UPDATE SET counted = counted + excluded.counted,
      quarantined = quarantined + excluded.quarantined, rejected = rejected + excluded.rejected`);

  const find = (consultationId: string, participant: BallotParticipant): Ballot | undefined => {
    const row =
      participant.accountId !== null
        ? byAccount.get({ consultationId, accountId: participant.accountId })
        : byParticipant.get({ consultationId, participantHash: asBuffer(participant.participantHash)! });
    return row && toBallot(row);
  };

  /** Counter changes of the batch being written, summed per key; flushed just before the commit. */
  let tallyDeltas = new Map<string, { consultationId: string } & TallyDelta>();
  let totalDeltas = new Map<string, { consultationId: string; district: string; counted: number; quarantined: number; rejected: number }>();

  /** Adds (sign 1) or removes (sign -1) what a ballot in its current status contributes to the counters. */
  const count = (ballot: Ballot, sign: 1 | -1) => {
    const district = ballot.district ?? '';
    const totalKey = `${ballot.consultationId}\u0000${district}`;
    let total = totalDeltas.get(totalKey);
    if (!total) totalDeltas.set(totalKey, (total = { consultationId: ballot.consultationId, district, counted: 0, quarantined: 0, rejected: 0 }));
    total[ballot.status === 'accepted' ? 'counted' : ballot.status] += sign;
    if (ballot.status !== 'accepted') return;
    for (const delta of contributions(ballot.choice, ballot.district, sign)) {
      const key = `${totalKey}\u0000${delta.optionId}`;
      const sum = tallyDeltas.get(key);
      if (!sum) tallyDeltas.set(key, { consultationId: ballot.consultationId, ...delta });
      else {
        sum.votes += delta.votes;
        sum.first += delta.first;
        sum.points += delta.points;
      }
    }
  };

  const flushCounts = () => {
    for (const delta of tallyDeltas.values()) if (delta.votes !== 0 || delta.first !== 0 || delta.points !== 0) addTally.run(delta);
    for (const delta of totalDeltas.values()) if (delta.counted !== 0 || delta.quarantined !== 0 || delta.rejected !== 0) addTotals.run(delta);
    tallyDeltas = new Map();
    totalDeltas = new Map();
  };

  const cast = (w: CastBallotWrite): CastOutcome => {
    const existing = find(w.consultationId, w.participant);
    if (existing && w.onlyIfNew) {
      throw new DomainError(BallotErrorCode.alreadyCast, 'A ballot was already cast by this participant; send it without If-None-Match to change it');
    }
    // Nothing can refuse the job past this point: writes start here.
    let status: BallotStatus;
    let reasons: CapReason[];
    if (existing) {
      count(existing, -1);
      forgetTraces(String(existing.id));
      removeTrace.run({ kind: PARTICIPATION_KIND, participationId: String(existing.id) });
    }
    if (existing && existing.reviewedAt !== null) {
      // Staff already judged this participant: changing the choice does not reopen the review.
      status = existing.status;
      reasons = existing.reasons;
    } else {
      const { policy, since, fingerprint } = w.stuffing;
      const perSite = siteCap(policy);
      const verdict = evaluateCaps(policy, {
        ip: policy.perIp ? recent.count(w.consultationId, fingerprint.lookup.ip, since.ip, policy.perIp.max) : 0,
        prefix: policy.perPrefix ? recent.count(prefixScope(w.consultationId), fingerprint.lookup.prefix, since.prefix, policy.perPrefix.max) : 0,
        site: perSite && fingerprint.lookup.site?.length ? recent.count(siteScope(w.consultationId), fingerprint.lookup.site, since.site ?? 0, perSite.max) : 0,
      });
      status = verdict.status;
      reasons = verdict.reasons;
      if (w.stuffing.honeypot) [status, reasons] = ['quarantined', [...reasons, 'honeypot']];
    }
    const ballot: Ballot = {
      id: existing?.id ?? 0,
      consultationId: w.consultationId,
      accountId: w.participant.accountId,
      participantHash: asBuffer(w.participant.participantHash),
      district: w.district,
      choice: w.choice,
      status,
      reasons,
      castAt: existing?.castAt ?? w.now,
      updatedAt: w.now,
      reviewedAt: existing?.reviewedAt ?? null,
    };
    if (existing) {
      update.run(ballotParams(ballot));
    } else {
      const { id: _unused, ...params } = ballotParams(ballot);
      ballot.id = Number(insert.run(params).lastInsertRowid);
    }
    count(ballot, 1);
    recent.add(w.consultationId, w.stuffing.fingerprint.ipHash, w.now);
    recent.add(prefixScope(w.consultationId), w.stuffing.fingerprint.prefixHash, w.now);
    const siteHash = asBuffer(w.stuffing.fingerprint.siteHash ?? null);
    if (siteHash) recent.add(siteScope(w.consultationId), siteHash, w.now);
    traces.insertTrace({
      scope: w.consultationId,
      participationKind: PARTICIPATION_KIND,
      participationId: String(ballot.id),
      accountId: ballot.accountId,
      keyId: w.stuffing.fingerprint.keyId,
      ipHash: asBuffer(w.stuffing.fingerprint.ipHash)!,
      prefixHash: asBuffer(w.stuffing.fingerprint.prefixHash)!,
      siteHash,
      createdAt: w.now,
    });
    return { ballot, changed: existing !== undefined };
  };

  const withdraw = (consultationId: string, participant: BallotParticipant): Ballot => {
    const existing = find(consultationId, participant);
    if (!existing) throw new DomainError(BallotErrorCode.notFound, 'There is no ballot to withdraw');
    count(existing, -1);
    forgetTraces(String(existing.id));
    removeTrace.run({ kind: PARTICIPATION_KIND, participationId: String(existing.id) });
    remove.run(existing.id);
    return existing;
  };

  const review = (consultationId: string, ballotId: number, decision: ReviewDecision, now: number): Ballot => {
    const row = byId.get({ consultationId, id: ballotId });
    if (!row) throw new DomainError(BallotErrorCode.notFound, `No ballot ${ballotId} in this consultation`);
    const ballot = toBallot(row);
    const after = reviewed(ballot, decision, now, () =>
      new DomainError(BallotErrorCode.notQuarantined, `Ballot ${ballotId} is not in quarantine (it is ${ballot.status})`),
    );
    count(ballot, -1);
    update.run(ballotParams(after));
    count(after, 1);
    return after;
  };

  const runJob = (job: BallotJob): unknown => {
    switch (job.type) {
      case 'cast':
        return cast(job.write);
      case 'withdraw':
        return withdraw(job.consultationId, job.participant);
      case 'review':
        return review(job.consultationId, job.ballotId, job.decision, job.now);
    }
  };

  const batch = db.transaction((jobs: BallotJob[]): JobOutcome[] => {
    const outcomes = jobs.map((job): JobOutcome => {
      try {
        return { ok: true, value: runJob(job) };
      } catch (error) {
        // A refusal is thrown before the job wrote anything; anything else aborts the whole transaction.
        if (error instanceof DomainError) return { ok: false, error: serializeError(error) };
        throw error;
      }
    });
    flushCounts();
    return outcomes;
  });

  return {
    /**
     * Applies the jobs in one transaction; returns when it is committed (and, with synchronous=FULL, on disk).
     * If the transaction fails as a whole because of one job's data (nothing of it was written), each job is
     * retried alone, so one bad job cannot take the others down with it; if the database itself fails, it throws
     * and no job is acknowledged.
     */
    runBatch(jobs: BallotJob[]): JobOutcome[] {
      recent.prune();
      recent.begin();
      try {
        // IMMEDIATE: take the write lock before the first read. A deferred transaction that reads, then
        // writes after another connection committed, fails at once with SQLITE_BUSY (its snapshot is stale).
        const outcomes = batch.immediate(jobs);
        recent.commit();
        return outcomes;
      } catch (error) {
        recent.rollback();
        tallyDeltas = new Map();
        totalDeltas = new Map();
        // A busy or failing database would fail each job again: only a job's own bad data is worth isolating.
        const databaseTrouble = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CORRUPT|NOTADB|READONLY|CANTOPEN)/.test((error as { code?: string }).code ?? '');
        if (jobs.length === 1 || databaseTrouble) throw error;
        return jobs.map((job) => {
          try {
            return this.runBatch([job])[0];
          } catch (jobError) {
            return { ok: false, error: serializeError(jobError) };
          }
        });
      }
    },
    synchronous(): string {
      const level = db.pragma('synchronous', { simple: true }) as number;
      return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level] ?? String(level);
    },
  };
}

export interface SerializedError {
  domain: boolean;
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof DomainError) return { domain: true, code: error.code, message: error.message, issues: error.details.issues };
  return { domain: false, code: 'internal_error', message: error instanceof Error ? error.message : String(error) };
}

/** Turns a job's failure back into the error the service would have thrown in-process. */
export function deserializeError(error: SerializedError): Error {
  if (error.domain) return new DomainError(error.code, error.message, error.issues ? { issues: error.issues } : {});
  return new Error(`ballot writer: ${error.message}`);
}

export interface BallotStoreOptions {
  /**
   * `worker` (the default for a database file): a worker thread commits on its own connection, so the event
   * loop keeps parsing requests (and serving everything else) while it writes and fsyncs. `inline`: the
   * calling thread commits; the only choice for `:memory:`.
   */
  writer?: 'inline' | 'worker';
  /** Where the writer announces the durability it runs with, read back from its own connection. */
  log?: (line: string) => void;
}

export function createSqliteBallotStore(db: Db, options: BallotStoreOptions = {}): BallotStore {
  const log = options.log ?? ((line: string) => console.log(line));
  const sql = ballotSql(db);
  const worker = (options.writer ?? (db.memory ? 'inline' : 'worker')) === 'worker' ? workerCommitter(db.name, log) : undefined;
  let announced = db.memory || worker !== undefined;
  const writer = new GroupCommitQueue<BallotJob>(
    worker
      ? (jobs) => worker.commit(jobs)
      : async (jobs) => {
          if (!announced) {
            announced = true;
            log(`[civique] ballot writer: group commit, synchronous=${sql.synchronous()}`);
          }
          return sql.runBatch(jobs);
        },
    deserializeError,
    worker ? 2 : 1,
    worker ? 8 : Infinity,
  );

  const byAccount = db.prepare<{ consultationId: string; accountId: string }, BallotRow>(
    'SELECT * FROM ballots WHERE consultation_id = :consultationId AND account_id = :accountId',
  );
  const byParticipant = db.prepare<{ consultationId: string; participantHash: Buffer }, BallotRow>(
    'SELECT * FROM ballots WHERE consultation_id = :consultationId AND participant_hash = :participantHash',
  );
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

  // Ballots coming back from the worker thread hold their hash as a plain Uint8Array.
  const fromWriter = (ballot: Ballot): Ballot => ({ ...ballot, participantHash: asBuffer(ballot.participantHash) });

  return {
    async cast(write) {
      const outcome = (await writer.submit({ type: 'cast', write })) as CastOutcome;
      return { ballot: fromWriter(outcome.ballot), changed: outcome.changed };
    },
    async withdraw(consultationId, participant) {
      return fromWriter((await writer.submit({ type: 'withdraw', consultationId, participant })) as Ballot);
    },
    async review(consultationId, ballotId, decision, now) {
      return fromWriter((await writer.submit({ type: 'review', consultationId, ballotId, decision, now })) as Ballot);
    },
    async getForParticipant(consultationId, participant) {
      const row =
        participant.accountId !== null
          ? byAccount.get({ consultationId, accountId: participant.accountId })
          : byParticipant.get({ consultationId, participantHash: participant.participantHash });
      return row && toBallot(row);
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
    async synchronous() {
      return worker ? worker.synchronous() : sql.synchronous();
    },
    async close() {
      await writer.drain();
      await worker?.close();
    },
  };
}
