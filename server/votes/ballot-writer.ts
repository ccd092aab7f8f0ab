import { Worker } from 'node:worker_threads';
import type { BallotJob, SerializedError } from './votes.store.ts';

export type JobOutcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

interface Pending<J> {
  job: J;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Big enough that a surge never waits for a second round, small enough to bound one transaction. */
const MAX_BATCH = 1000;

/**
 * Group commit. Jobs submitted while the event loop parses a burst of requests are written together: one
 * transaction, one fsync (synchronous=FULL stays on), and each job's promise settles only after that commit
 * returned — an acknowledged ballot is on disk. One batch is committed at a time; jobs arriving meanwhile form
 * the next batch, so batches grow with the load instead of commits queueing up.
 *
 * `commit` runs on this thread (`sql.runBatch`) or hands the batch to the writer thread (`workerCommitter`);
 * with a worker, two batches may be in flight so the worker never waits for the next one, and a batch is handed
 * over as soon as it holds `handOverAt` jobs instead of at the end of the event-loop turn: when a surge's
 * requests arrive together, the worker writes the first ones while this thread still parses the others.
 * Measured with server/bench/bench.ts (worker, 50 connections): about 10 % more ballots per second with 8.
 *
 * @example
 * const queue = new GroupCommitQueue(async (jobs) => sql.runBatch(jobs), deserializeError);
 * const outcome = await queue.submit({ type: 'cast', write });
 */
export class GroupCommitQueue<J> {
  #pending: Pending<J>[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly commit: (jobs: J[]) => Promise<JobOutcome[]>,
    private readonly toError: (error: SerializedError) => Error,
    /** Batches handed over before the previous one is committed: 1 on this thread, 2 for a worker that queues them. */
    private readonly pipeline = 1,
    /** Pending jobs that make a batch leave at once when a slot is free; by default at the end of the turn only. */
    private readonly handOverAt = Infinity,
  ) {}

  submit(job: J): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ job, resolve, reject });
      if (this.#pending.length >= this.handOverAt && this.#inFlight < this.pipeline) void this.#flush();
      else this.#schedule();
    });
  }

  /** Resolves once every submitted job has settled. */
  drain(): Promise<void> {
    if (this.#inFlight === 0 && this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#inFlight >= this.pipeline || this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate runs after the poll phase: every request parsed in this turn of the loop joins the batch,
    // and the responses of the previous batch are written before the next transaction starts.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    if (this.#inFlight >= this.pipeline || this.#pending.length === 0) return;
    this.#inFlight++;
    const batch = this.#pending.splice(0, MAX_BATCH);
    try {
      const outcomes = await this.commit(batch.map((entry) => entry.job));
      batch.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(this.toError(outcome.error));
      });
    } catch (error) {
      // The commit itself failed: nothing of the batch is acknowledged.
      for (const entry of batch) entry.reject(error);
    } finally {
      this.#inFlight--;
      if (this.#pending.length > 0) this.#schedule();
      else if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }
}

type WorkerMessage =
  | { type: 'ready'; synchronous: string }
  | { type: 'done'; id: number; outcomes: JobOutcome[] }
  | { type: 'failed'; id: number; message: string };

/**
 * Commits in a worker thread with its own connection to the same file: while it writes and waits for the
 * fsync, the main thread goes on parsing requests. Measured with server/bench/bench.ts on the 2-core benchmark
 * machine: 10–15 % more ballots per second than committing on the main thread and a lower p99 when the second
 * core is free; about the same throughput, for ~20 % more CPU per ballot (the hand-off), when other work
 * saturates both cores. Started on first use. Under tsx (the server runs from TypeScript) the worker
 * registers tsx before importing its module.
 */
export function workerCommitter(file: string, log: (line: string) => void) {
  const ts = import.meta.url.endsWith('.ts');
  const moduleUrl = new URL(ts ? './ballot-writer.worker.ts' : './ballot-writer.worker.js', import.meta.url).href;
  const bootstrap = ts
    ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl)}); })`
    : `import(${JSON.stringify(moduleUrl)})`;
  let started: Promise<{ worker: Worker; synchronous: string }> | undefined;
  const inFlight = new Map<number, { resolve(outcomes: JobOutcome[]): void; reject(error: Error): void }>();
  let nextId = 1;

  const failAll = (error: Error) => {
    for (const { reject } of inFlight.values()) reject(error);
    inFlight.clear();
    started = undefined;
  };
  const start = () =>
    (started ??= new Promise((resolve, reject) => {
      const worker = new Worker(bootstrap, { eval: true, workerData: { file } });
      worker.unref();
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          log(`[civique] ballot writer: group commit in a worker thread, synchronous=${message.synchronous}`);
          resolve({ worker, synchronous: message.synchronous });
          return;
        }
        const waiting = inFlight.get(message.id);
        if (!waiting) return;
        inFlight.delete(message.id);
        // Keep the process alive only while a batch is in flight.
        if (inFlight.size === 0) worker.unref();
        if (message.type === 'done') waiting.resolve(message.outcomes);
        else waiting.reject(new Error(`ballot writer: ${message.message}`));
      });
      worker.on('error', (error) => {
        reject(error);
        failAll(error);
      });
      worker.on('exit', (code) => {
        const error = new Error(`ballot writer thread stopped (exit code ${code})`);
        reject(error);
        failAll(error);
      });
    }));

  return {
    async commit(jobs: BallotJob[]): Promise<JobOutcome[]> {
      const { worker } = await start();
      const id = nextId++;
      return new Promise<JobOutcome[]>((resolve, reject) => {
        inFlight.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ type: 'batch', id, jobs });
      });
    },
    async synchronous(): Promise<string> {
      return (await start()).synchronous;
    },
    async close(): Promise<void> {
      const current = started;
      started = undefined;
      if (current) await (await current).worker.terminate();
    },
  };
}
