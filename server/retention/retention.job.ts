import { DAY, type Clock } from '../clock.ts';
import { RETENTION_RUN_INTERVAL } from '../key-ring.ts';
import type { PersonalDataRegistry } from '../personal-data/registry.ts';
import type { RightsService } from '../rights/rights.service.ts';
import type { Store } from '../store.ts';
import type { StuffingService } from '../stuffing/stuffing.service.ts';

/** Sent mails are kept 30 days (to answer "did you write to me?"), then their text is erased. */
export const MAIL_RETENTION = 30 * DAY;

export interface RetentionReport {
  ipTracesErased: number;
  ipKeysDestroyed: number;
  sessionsExpired: number;
  codesExpired: number;
  rateLimitsForgotten: number;
  mailsErased: number;
  consultationsPurged: string[];
  erasuresResumed: number;
  /** Rows erased by each feature's own retention rule (e.g. consent proofs after 25 months). */
  expired: Record<string, number>;
}

/** A feature's own retention rule: erases what has outlived its period, returns how many rows. */
export interface RetentionRule {
  name: string;
  eraseExpired(): Promise<number>;
}

/**
 * Keeps the retention promises: IP hashes erased after 90 days and their keys destroyed, expired sessions and
 * codes dropped, old mails erased, and each consultation's personal data purged at its retention end. Runs at
 * start and every hour; every step is idempotent.
 */
export class RetentionJob {
  #timer: NodeJS.Timeout | undefined;
  #scheduled: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      registry: PersonalDataRegistry;
      stuffing: StuffingService;
      rights: RightsService;
      rules?: RetentionRule[];
      /** Runs before a consultation's personal data is purged: keeps what stays as aggregates (statistics). */
      beforePurge?: (consultationId: string) => Promise<void>;
    },
  ) {}

  async run(): Promise<RetentionReport> {
    const { store, clock, registry, stuffing } = this.deps;
    const now = clock.now();
    const erasuresResumed = await this.deps.rights.resumeErasures();
    const { traces, keys } = await stuffing.eraseExpired();
    const report: RetentionReport = {
      ipTracesErased: traces,
      ipKeysDestroyed: keys,
      sessionsExpired: await store.accounts.deleteExpiredSessions(now),
      codesExpired: await store.accounts.deleteExpiredAuthCodes(now),
      rateLimitsForgotten: await store.rateLimits.deleteExpired(now - DAY),
      mailsErased: await store.outbox.deleteFinishedBefore(now - MAIL_RETENTION),
      consultationsPurged: [],
      erasuresResumed,
      expired: {},
    };
    for (const rule of this.deps.rules ?? []) report.expired[rule.name] = await rule.eraseExpired();
    for (const consultation of await store.consultations.listDueForPurge(now)) {
      await this.deps.beforePurge?.(consultation.id);
      await registry.purgeConsultation(consultation.id);
      await store.consultations.markPurged(consultation.id, now);
      report.consultationsPurged.push(consultation.id);
    }
    const expired = Object.values(report.expired).reduce((sum, n) => sum + n, 0);
    if (traces + keys + report.consultationsPurged.length + erasuresResumed + expired > 0) await store.rights.compact();
    return report;
  }

  /**
   * Runs every hour: the erasure horizons (`ERASE_AFTER`) count on it. A run that is still going when the next
   * one is due is followed by it, never overlapped.
   */
  start(intervalMs = RETENTION_RUN_INTERVAL): void {
    this.#timer = setInterval(() => {
      this.#scheduled = this.#scheduled.then(() =>
        this.run().then(
          () => undefined,
          (error) => console.error('[civique] retention job failed', error),
        ),
      );
    }, intervalMs);
    this.#timer.unref();
  }

  /** Resolves once every run the timer has started so far has finished. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.#scheduled;
      await seen;
    } while (seen !== this.#scheduled);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
