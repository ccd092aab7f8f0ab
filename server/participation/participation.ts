import { siteCap, type StuffingPolicy } from '../consultations/consultations.store.ts';
import type { IpFingerprint } from '../stuffing/stuffing.service.ts';
import type { ErrorStatuses } from '../errors.ts';
import type { Participant } from './participant.ts';
import { PARTICIPANT_REQUIRED } from './participant.ts';
import { RESULTS_HIDDEN } from './tally.ts';

/** The core's error codes and their status. */
export const participationErrorStatuses: ErrorStatuses = {
  [PARTICIPANT_REQUIRED]: 400,
  [RESULTS_HIDDEN]: 403,
};

/**
 * What every kind of participation (ballot, survey response, and later support or contact message) has in
 * common. A kind adds its own content (a choice, answers…) and its own counters; identity, caps, quarantine,
 * traces and the durable writer are this folder's.
 */
export type ParticipationStatus = 'accepted' | 'quarantined' | 'rejected';
export type ReviewDecision = 'accept' | 'reject';

/** Why a participation is held back: an anti-stuffing cap (`ip_cap`, `prefix_cap`…) or a kind's own reason. */
export type QuarantineReason = string;

export interface ParticipationRecord {
  id: number;
  consultationId: string;
  /** Both null once the participation has been unlinked (account erased, or retention end passed). */
  accountId: string | null;
  participantHash: Buffer | null;
  status: ParticipationStatus;
  reasons: QuarantineReason[];
  updatedAt: number;
  reviewedAt: number | null;
}

/**
 * A kind's rows, read and written inside the writer's transaction (synchronously: the whole batch is one
 * transaction). Only reads and writes: every rule is in `ParticipationService`.
 */
export interface KindRows<R extends ParticipationRecord> {
  /** The kind's name in the anti-stuffing traces (`participation_kind`). */
  readonly kind: string;
  find(consultationId: string, participant: Participant): R | undefined;
  byId(consultationId: string, id: number): R | undefined;
  /**
   * Returns the new row's id; or, when the participant already has a participation here, writes nothing and
   * returns undefined: a conflict on the kind's one-per-participant indexes, and only on them, does nothing
   * (`INSERT … ON CONFLICT (<those columns>) DO NOTHING`). Any other constraint still fails.
   */
  insert(record: R): number | undefined;
  update(record: R): void;
  remove(record: R): void;
  /** Adds (1) or removes (-1) what the record, in its status, contributes to the kind's counters. */
  count(record: R, sign: 1 | -1): void;
  /** What else a kind writes when a participant submits (e.g. a survey deletes the account's draft). */
  submitted?(record: R): void;
}

/**
 * The anti-stuffing scopes a participation is counted in: one trace hash and one cap per scope. A new scope
 * (e.g. an IPv6 /48) is one more entry here, with its hash in the fingerprint and its cap in the policy.
 */
export const TRACE_SCOPES = [
  { which: 'ip', cap: (policy: StuffingPolicy) => policy.perIp },
  { which: 'prefix', cap: (policy: StuffingPolicy) => policy.perPrefix },
  // IPv6 only (an IPv4 fingerprint has no site hash to count): the /48 around the /64s.
  { which: 'site', cap: siteCap },
] as const satisfies readonly { which: string; cap(policy: StuffingPolicy): { max: number; windowMinutes: number } | null }[];

export type TraceScope = (typeof TRACE_SCOPES)[number]['which'];

/** One participation's trace, as the writer stores it beside the participation. */
export interface ParticipationTrace {
  kind: string;
  participationId: number;
  /** What the caps count in: the consultation, or narrower for a kind that says so (`SubmitParticipation.capScope`). */
  scope: string;
  accountId: string | null;
  fingerprint: IpFingerprint;
  createdAt: number;
}

/** What the writer's transaction offers the rules, beside the kinds' rows. */
export interface ParticipationTx {
  /** Traces in the scope since `since` whose `which` hash is one of `hashes`, counted up to `limit`. */
  countRecentTraces(scope: string, which: TraceScope, hashes: Buffer[], since: number, limit: number): number;
  addTrace(trace: ParticipationTrace): void;
  removeTraces(kind: string, participationId: number): void;
}

/**
 * The store of the participation core: one durable writer for every kind. `write` runs the job inside the
 * current group commit's transaction and settles only after that transaction is committed (synchronous=FULL:
 * on disk). A job that throws a `DomainError` must throw it before writing anything.
 */
export interface ParticipationStore {
  write<T>(job: (tx: ParticipationTx) => T): Promise<T>;
  /** The writing connection's `PRAGMA synchronous` (FULL: every acknowledged participation is on disk). */
  synchronous(): Promise<string>;
  /**
   * The network-prefix hash of each participation's trace, by participation id; participations whose trace is
   * gone (erased after 90 days, or never kept) are absent.
   */
  prefixHashes(kind: string, participationIds: readonly number[]): Promise<Map<number, Buffer>>;
  /** Waits for every participation submitted so far to be committed (or refused). */
  drain(): Promise<void>;
  /** Drains, then refuses new writes. */
  close(): Promise<void>;
}
