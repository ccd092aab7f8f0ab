import type { Transaction } from 'better-sqlite3';
import type { Db } from '../db/open.ts';
import { DomainError } from '../errors.ts';

interface Pending {
  job: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What a store keeps beside the database in step with each batch's transaction. */
export interface BatchHooks {
  /** First thing inside the transaction, before any job. */
  begin(): void;
  /** Last thing inside the transaction, after every job (e.g. writing what the jobs summed up). */
  beforeCommit?(): void;
  /** After the COMMIT (`true`) or the rollback (`false`). */
  end(committed: boolean): void;
}

/** Big enough that a surge never waits for a second round, small enough to bound one transaction. */
const MAX_BATCH = 1000;

/** Errors of the database itself: running the jobs one by one would fail each of them again. */
const DATABASE_TROUBLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CORRUPT|NOTADB|READONLY|CANTOPEN)/;

/**
 * Group commit on the main thread. Jobs submitted during one turn of the event loop (a burst of requests
 * parsed together) run in ONE transaction with one fsync (synchronous=FULL stays on), at the end of the turn;
 * each job's promise settles only after that COMMIT returned: an acknowledged participation is on disk.
 *
 * A job refuses by throwing a `DomainError` before it writes anything, so a refusal costs no savepoint. Any
 * other error aborts the transaction; then each job is run again alone, so one bad job cannot take the others
 * down, unless the database itself is in trouble (busy, full, read-only…): then no job is acknowledged.
 *
 * A worker thread used to commit instead; measured with server/bench/bench.ts it cost more CPU per ballot (the
 * hand-off and structured clone) than the fsync wait it hid, so the writer stays here.
 *
 * @example
 * const writer = new GroupCommitWriter(db);
 * const id = await writer.submit(() => insert.run(row).lastInsertRowid);
 */
export class GroupCommitWriter {
  #pending: Pending[] = [];
  #scheduled = false;
  #closed = false;
  #idle: (() => void)[] = [];
  readonly #batch: Transaction<(jobs: Pending[]) => Outcome[]>;
  readonly #hooks: BatchHooks[] = [];

  constructor(db: Db) {
    this.#batch = db.transaction((jobs: Pending[]) => {
      for (const hooks of this.#hooks) hooks.begin();
      const outcomes = jobs.map((entry): Outcome => {
        try {
          return { ok: true, value: entry.job() };
        } catch (error) {
          if (error instanceof DomainError) return { ok: false, error };
          throw error;
        }
      });
      for (const hooks of this.#hooks) hooks.beforeCommit?.();
      return outcomes;
    });
  }

  /** Steps taken in every batch's transaction, in the order added (see `BatchHooks`). */
  addHooks(hooks: BatchHooks): void {
    this.#hooks.push(hooks);
  }

  submit<T>(job: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('[civique] the participation writer is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ job, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once every job submitted so far has settled. */
  drain(): Promise<void> {
    if (this.#pending.length === 0 && !this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Commits what is pending, then refuses new jobs. */
  async close(): Promise<void> {
    await this.drain();
    this.#closed = true;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate runs after the poll phase: every request parsed in this turn of the loop joins the batch.
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, MAX_BATCH);
      let outcomes: Outcome[];
      try {
        outcomes = this.#run(batch);
      } catch (error) {
        // The commit itself failed: nothing of the batch is acknowledged.
        for (const entry of batch) entry.reject(error);
        continue;
      }
      batch.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(outcome.error);
      });
    }
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  #run(batch: Pending[]): Outcome[] {
    try {
      // IMMEDIATE: take the write lock before the first read. A deferred transaction that reads, then writes
      // after another connection committed, fails at once with SQLITE_BUSY (its snapshot is stale).
      return this.#transact(batch);
    } catch (error) {
      if (batch.length === 1 || DATABASE_TROUBLE.test((error as { code?: string }).code ?? '')) throw error;
      return batch.map((entry): Outcome => {
        try {
          return this.#transact([entry])[0];
        } catch (jobError) {
          return { ok: false, error: jobError };
        }
      });
    }
  }

  #transact(jobs: Pending[]): Outcome[] {
    let committed = false;
    try {
      const outcomes = this.#batch.immediate(jobs);
      committed = true;
      return outcomes;
    } finally {
      for (const hooks of this.#hooks) hooks.end(committed);
    }
  }
}
