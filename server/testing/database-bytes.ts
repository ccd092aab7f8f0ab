import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { TestApp } from './test-app.ts';

const databaseFiles = (t: TestApp) => {
  if (!t.dbFile) throw new Error('byte scans need a database file: createTestApp({ file: true })');
  return [t.dbFile, `${t.dbFile}-wal`, `${t.dbFile}-shm`].filter(existsSync);
};

/**
 * The raw bytes of the database file and of its `-wal` and `-shm` companions (those that exist), for tests that
 * prove erased data is physically gone.
 */
export function databaseBytes(t: TestApp): Buffer[] {
  return databaseFiles(t).map((file) => readFileSync(file));
}

/**
 * The needles still present in any database file, as `"needle" in civique.db-wal`; empty when none survived.
 *
 * @example
 * assert.deepEqual(survivingStrings(t, ['Jean Dupont', '0612345678']), []);
 */
export function survivingStrings(t: TestApp, needles: string[]): string[] {
  return databaseFiles(t).flatMap((file) => {
    const bytes = readFileSync(file);
    return needles.filter((needle) => bytes.includes(needle)).map((needle) => `"${needle}" in ${basename(file)}`);
  });
}
