import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * Opens a SQLite database with the pragmas every connection needs: WAL so readers never block the writer,
 * `synchronous=FULL` so a committed row survives a power cut, foreign keys enforced, and `secure_delete` so
 * erased personal data is overwritten with zeros instead of lingering in free pages.
 *
 * @example
 * const db = openDatabase('./data/civique.db');
 * const memory = openDatabase(':memory:');
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  return db;
}

/** How long an erasure's WAL truncation keeps retrying before it gives up (and the erasure stays pending). */
export const CHECKPOINT_GIVE_UP_AFTER_ATTEMPTS = 300;

export class CheckpointBusyError extends Error {}

/**
 * Moves every WAL frame into the main file and truncates the WAL to zero bytes, retrying while a reader
 * holds an old snapshot: after an erasure, no copy of the erased rows may remain in `-wal`.
 *
 * Each attempt is non-blocking: the connection's busy timeout is 0 while it runs, so a reader that holds its
 * snapshot makes the attempt return at once instead of stopping the event loop (and every other request) inside
 * SQLite's busy handler. Attempts are spaced on a timer (20 ms doubling up to 1 s); after `attempts` of them it
 * throws `CheckpointBusyError` and the caller keeps the erasure pending.
 *
 * @example
 * await checkpointTruncate(db); // the -wal file is now empty
 */
export async function checkpointTruncate(db: Db, attempts = CHECKPOINT_GIVE_UP_AFTER_ATTEMPTS): Promise<void> {
  let delay = 20;
  for (let attempt = 1; ; attempt++) {
    if (tryCheckpointTruncate(db)) return;
    if (attempt >= attempts) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 1000);
  }
  throw new CheckpointBusyError(`WAL checkpoint could not complete after ${attempts} attempts: a reader kept the database busy`);
}

/** One attempt that never waits: true when the WAL was fully checkpointed and truncated. */
function tryCheckpointTruncate(db: Db): boolean {
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return row.busy === 0 && row.log <= 0;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') || (error as { code?: string }).code?.startsWith('SQLITE_LOCKED')) return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
}
