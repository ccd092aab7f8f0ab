import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './open.ts';

/** SQLite's own default: the writer checkpoints once the WAL holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

/**
 * The worker's code, plain CommonJS (no TypeScript loader needed in the thread): its own connection to the file,
 * a PASSIVE checkpoint every `intervalMs`, each result posted back.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const tick = () => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ log: row.log, checkpointed: row.checkpointed });
};
parentPort.on('message', (message) => { if (message === 'fail') throw new Error('asked to fail'); });
setInterval(tick, workerData.intervalMs);
`;

/**
 * Moves the WAL checkpoints off the request thread. SQLite's automatic checkpoint runs inside the commit that
 * crosses 1000 pages: the writer then copies thousands of pages into the database file and waits for its fsync,
 * and every request waits behind it (measured with `npm run bench`: p99 from ~400 ms to ~45 ms without it, and
 * less CPU per ballot, since a page rewritten many times is copied once per checkpoint). Here a worker thread,
 * with its own connection, runs a PASSIVE checkpoint (it never blocks the writer) every `intervalMs`.
 *
 * If the worker dies, the writer's automatic checkpoint comes back at once, so the WAL never grows without
 * bound; `stop()` ends the worker and gives the connection its automatic checkpoint back (closing the
 * database then checkpoints what is left).
 *
 * @example
 * const checkpointer = startWalCheckpointer(db, '/srv/civique/data/civique.db');
 * await checkpointer.stop();
 */
export function startWalCheckpointer(db: Db, file: string, options: { intervalMs?: number; log?: (line: string) => void } = {}) {
  const log = options.log ?? console.log;
  const waiting: ((result: CheckpointResult) => void)[] = [];
  let stopping = false;
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs: options.intervalMs ?? 1000, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  // The thread must not keep a stopping process alive.
  worker.unref();
  worker.on('message', (result: CheckpointResult) => {
    for (const resolve of waiting.splice(0)) resolve(result);
  });
  worker.on('error', (error) => log(`[civique] WAL checkpointer failed (${error.message}): the writer checkpoints again itself`));
  const exited = new Promise<void>((resolve) =>
    worker.on('exit', () => {
      // Whatever ended the thread, the writer takes the checkpoints back.
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      if (!stopping) log('[civique] WAL checkpointer stopped: the writer checkpoints again itself');
      resolve();
    }),
  );
  return {
    /** The next checkpoint's result (for tests and diagnostics). */
    nextCheckpoint(): Promise<CheckpointResult> {
      return new Promise((resolve) => waiting.push(resolve));
    },
    /** Makes the thread throw, as a crash would (tests). */
    crashForTest(): void {
      // Held until it has ended, so that a test awaiting `exited` keeps the process alive.
      worker.ref();
      worker.postMessage('fail');
    },
    exited,
    async stop(): Promise<void> {
      stopping = true;
      worker.ref();
      await worker.terminate();
      await exited;
    },
  };
}

export type WalCheckpointer = ReturnType<typeof startWalCheckpointer>;
