import { MINUTE, type Clock } from '../clock.ts';
import type { StuffingPolicy } from '../consultations/consultations.store.ts';
import { DomainError } from '../errors.ts';
import { evaluateCaps, type RecentCounts, type StuffingService } from '../stuffing/stuffing.service.ts';
import type { Participant } from './participant.ts';
import {
  TRACE_SCOPES,
  type KindRows,
  type ParticipationRecord,
  type ParticipationStore,
  type ParticipationTrace,
  type ParticipationTx,
  type QuarantineReason,
  type ReviewDecision,
} from './participation.ts';

/** A participation's trace before the participation has its id. */
type PendingTrace = Omit<ParticipationTrace, 'participationId' | 'accountId'>;

/** The common fields a kind's new or changed record is built from. */
export interface RecordBase<R> {
  id: number;
  consultationId: string;
  accountId: string | null;
  participantHash: Buffer | null;
  status: ParticipationStatusOf<R>;
  reasons: QuarantineReason[];
  now: number;
  reviewedAt: number | null;
  /** The participant's earlier participation this one replaces. */
  existing: R | undefined;
}
type ParticipationStatusOf<R> = R extends { status: infer S } ? S : never;

export interface SubmitParticipation<R extends ParticipationRecord, C> {
  rows: KindRows<R>;
  consultationId: string;
  participant: Participant;
  policy: StuffingPolicy;
  ip: string;
  /** Refuse with this error instead of replacing an earlier participation (e.g. `If-None-Match: *`). */
  onlyIfNew?: () => DomainError;
  /**
   * Hold the participation back for these reasons whatever the caps say (e.g. a filled honeypot field):
   * quarantined, kept, counted only if staff accept it.
   */
  quarantine?: QuarantineReason[];
  /**
   * What the caps count in and the trace is kept under: the consultation unless the kind narrows it. A support
   * is counted per proposal (`<consultation>/<proposal>`), so that a household supporting different proposals
   * from one network is not quarantined together.
   */
  capScope?: string;
  /** The kind's own content (a choice, answers…), as `build` takes it. */
  content: C;
  /**
   * The kind's record from the common fields and its content: a function of the kind's module, not a closure
   * made at each submission (under tsx, esbuild's `keepNames` gives every function a literal declares its name
   * with a call as it is made: half a microsecond at every ballot).
   */
  build(base: RecordBase<R>, content: C): R;
}

/**
 * The rules every kind of participation shares: one live participation per participant (a new one replaces
 * the earlier one, its counts and its trace), the anti-stuffing caps, quarantine and its one review rule. Each
 * rule runs inside the writer's transaction, against what the database holds, and the caller's promise settles
 * after the commit.
 */
export class ParticipationService {
  constructor(
    private readonly store: ParticipationStore,
    private readonly stuffing: StuffingService,
    private readonly clock: Clock,
  ) {}

  async submit<R extends ParticipationRecord, C>(input: SubmitParticipation<R, C>): Promise<{ record: R; replaced: boolean }> {
    const fingerprint = await this.stuffing.fingerprint(input.ip);
    const now = this.clock.now();
    const { rows, consultationId, participant } = input;
    const scope = input.capScope ?? consultationId;
    const trace = { kind: rows.kind, scope, fingerprint, createdAt: now };
    return this.store.write((tx) => {
      // The usual case first, a participant's first participation: the kind's insert finds an earlier one through
      // its one-per-participant index (and then writes nothing), so a first participation costs no look-up.
      const first = this.#record(tx, input, trace, undefined);
      const id = rows.insert(first);
      if (id !== undefined) {
        first.id = id;
        return this.#counted(tx, rows, trace, first, false);
      }
      const existing = rows.find(consultationId, participant);
      if (!existing) throw new Error(`[civique] ${rows.kind}: the insert met an earlier participation that its look-up cannot find`);
      if (input.onlyIfNew) throw input.onlyIfNew();
      // Nothing refuses the job past this point: writes start here.
      rows.count(existing, -1);
      // One trace per participation: a citizen who changes their mind ten times from home is not quarantined
      // by their own earlier participations.
      tx.removeTraces(rows.kind, existing.id);
      const changed = this.#record(tx, input, trace, existing);
      rows.update(changed);
      return this.#counted(tx, rows, trace, changed, true);
    });
  }

  /** The participation to write: its status from the caps (or staff's earlier review), its content the kind's. */
  #record<R extends ParticipationRecord, C>(tx: ParticipationTx, input: SubmitParticipation<R, C>, trace: PendingTrace, existing: R | undefined): R {
    let status: ParticipationRecord['status'];
    let reasons: QuarantineReason[];
    if (existing && existing.reviewedAt !== null) {
      // Staff already judged this participant: changing the content does not reopen the review.
      status = existing.status;
      reasons = existing.reasons;
    } else {
      const verdict = evaluateCaps(input.policy, recentCounts(tx, trace.scope, input.policy, trace.fingerprint.lookup, trace.createdAt));
      reasons = [...verdict.reasons, ...(input.quarantine ?? [])];
      status = reasons.length > 0 ? 'quarantined' : 'accepted';
    }
    return input.build(
      {
        id: existing?.id ?? 0,
        consultationId: input.consultationId,
        accountId: input.participant.accountId,
        participantHash: input.participant.participantHash,
        status: status as ParticipationStatusOf<R>,
        reasons,
        now: trace.createdAt,
        reviewedAt: existing?.reviewedAt ?? null,
        existing,
      },
      input.content,
    );
  }

  /** A written participation's counters, the kind's own extra writes, and its trace. */
  #counted<R extends ParticipationRecord>(tx: ParticipationTx, rows: KindRows<R>, trace: PendingTrace, record: R, replaced: boolean) {
    rows.count(record, 1);
    rows.submitted?.(record);
    tx.addTrace({ ...trace, participationId: record.id, accountId: record.accountId });
    return { record, replaced };
  }

  /** Removes the participant's participation, its counts and its trace; `notFound` when there is none. */
  async withdraw<R extends ParticipationRecord>(rows: KindRows<R>, consultationId: string, participant: Participant, notFound: () => DomainError): Promise<R> {
    return this.store.write((tx) => {
      const existing = rows.find(consultationId, participant);
      if (!existing) throw notFound();
      rows.count(existing, -1);
      tx.removeTraces(rows.kind, existing.id);
      rows.remove(existing);
      return existing;
    });
  }

  /**
   * Staff's review of a participation held back: only a quarantined one can be reviewed; accepted, it counts
   * from now on (its counters move in the same transaction); rejected, it never counts.
   */
  async review<R extends ParticipationRecord>(
    rows: KindRows<R>,
    consultationId: string,
    id: number,
    decision: ReviewDecision,
    errors: { notFound: () => DomainError; notQuarantined: (record: R) => DomainError },
  ): Promise<R> {
    const now = this.clock.now();
    return this.store.write(() => {
      const record = rows.byId(consultationId, id);
      if (!record) throw errors.notFound();
      if (record.status !== 'quarantined') throw errors.notQuarantined(record);
      const after: R = { ...record, status: decision === 'accept' ? 'accepted' : 'rejected', reviewedAt: now };
      rows.count(record, -1);
      rows.update(after);
      rows.count(after, 1);
      return after;
    });
  }
}

/** Participations already counted from this fingerprint, per scope, within each cap's window. */
function recentCounts(
  tx: ParticipationTx,
  scope: string,
  policy: StuffingPolicy,
  lookup: Record<(typeof TRACE_SCOPES)[number]['which'], Buffer[]>,
  now: number,
): RecentCounts {
  const counts: RecentCounts = { ip: 0, prefix: 0, site: 0 };
  for (const traceScope of TRACE_SCOPES) {
    const cap = traceScope.cap(policy);
    if (cap) counts[traceScope.which] = tx.countRecentTraces(scope, traceScope.which, lookup[traceScope.which], now - cap.windowMinutes * MINUTE, cap.max);
  }
  return counts;
}
