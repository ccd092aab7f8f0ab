import Database from 'better-sqlite3';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { EnvError, parseEnv } from '../env.ts';
import { dataFiles } from './data-files.ts';

/**
 * `npm run backup -- <file>`: a consistent copy of the database, taken online while the server runs (SQLite's
 * backup API: the copy is one snapshot, whatever is written meanwhile). The copy is 0600; it holds personal
 * data, so keep it where the data folder's rules apply. Exit codes: 0 done, 2 usage, 1 failure.
 */
async function main(): Promise<number> {
  const env = parseEnv(process.env);
  const target = process.argv[2];
  if (!target) {
    console.error('[civique] backup: usage: npm run backup -- <file>');
    return 2;
  }
  const destination = resolve(target);
  if (existsSync(destination)) {
    console.error(`[civique] backup: ${destination} already exists; choose a new file name`);
    return 2;
  }
  const { database } = dataFiles(resolve(env.DATA_DIR));
  if (!existsSync(database)) {
    console.error(`[civique] backup: no database at ${database} (check DATA_DIR)`);
    return 2;
  }
  process.umask(0o077);
  const db = new Database(database, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(destination);
  } finally {
    db.close();
  }
  chmodSync(destination, 0o600);
  console.log(`[civique] backup written: ${destination} (${statSync(destination).size} bytes)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof EnvError ? error.message : `[civique] backup failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
