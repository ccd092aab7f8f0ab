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

/**
 * Moves every WAL frame into the main file and truncates the WAL to zero bytes, retrying while a reader
 * holds an old snapshot: after an erasure, no copy of the erased rows may remain in `-wal`.
 */
export async function checkpointTruncate(db: Db, attempts = 50): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (row.busy === 0 && row.log <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('WAL checkpoint could not complete: a reader kept the database busy');
}
