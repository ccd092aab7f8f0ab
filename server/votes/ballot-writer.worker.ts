import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open.ts';
import { ballotSql, type BallotJob } from './votes.store.ts';

/**
 * The ballot writer thread: its own connection (WAL, synchronous=FULL, like every connection), batches in,
 * outcomes out — posted only after the batch's COMMIT returned.
 */
const db = openDatabase((workerData as { file: string }).file);
const sql = ballotSql(db);
const port = parentPort!;

port.postMessage({ type: 'ready', synchronous: sql.synchronous() });
port.on('message', (message: { type: 'batch'; id: number; jobs: BallotJob[] }) => {
  try {
    port.postMessage({ type: 'done', id: message.id, outcomes: sql.runBatch(message.jobs) });
  } catch (error) {
    port.postMessage({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
});
