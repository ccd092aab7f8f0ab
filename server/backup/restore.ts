import Database from 'better-sqlite3';
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServices } from '../app.ts';
import { systemClock } from '../clock.ts';
import { knownMigrationVersions, migrate } from '../db/migrate.ts';
import { checkpointTruncate, openDatabase } from '../db/open.ts';
import { secureDataDir } from '../data-dir.ts';
import { EnvError, parseEnv } from '../env.ts';
import { createConsoleMailer } from '../mail/mailer.ts';
import { randomSecrets } from '../secrets.ts';
import { createSqliteStore } from '../store.ts';
import { dataFiles, RestoreExit, runningServerPid } from './data-files.ts';
import { ErasureLedger } from '../personal-data/erasure-ledger.ts';

class Refusal extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Refuses a file that is not a sound Civique database this code can run. */
function checkBackup(file: string): void {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Refusal(RestoreExit.damaged, `${file} is not a SQLite database (${(error as Error).message})`);
  }
  try {
    let verdict: string;
    try {
      verdict = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
    } catch (error) {
      verdict = (error as Error).message;
    }
    if (verdict !== 'ok') throw new Refusal(RestoreExit.damaged, `${file} fails PRAGMA integrity_check: ${verdict.slice(0, 200)}`);
    let versions: number[];
    try {
      versions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
    } catch {
      throw new Refusal(RestoreExit.damaged, `${file} is not a Civique database (no schema_migrations table)`);
    }
    const known = new Set(knownMigrationVersions());
    const unknown = versions.filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Refusal(
        RestoreExit.newerSchema,
        `${file} comes from a newer Civique (migration ${String(unknown[0]).padStart(4, '0')} is unknown here): upgrade before restoring it`,
      );
    }
  } finally {
    db.close();
  }
}

/**
 * Erases again, in the restored copy, everything the ledger says was erased (before or after the backup was
 * made: each erasure is idempotent), through the same registry the server uses.
 */
async function replayErasures(file: string, ledger: ErasureLedger): Promise<number> {
  const db = openDatabase(file);
  migrate(db);
  const store = createSqliteStore(db);
  try {
    const services = createServices({ store, clock: systemClock, mailer: createConsoleMailer(), secrets: randomSecrets() });
    const records = ledger.read();
    for (const record of records) {
      if (record.kind === 'account') {
        await services.registry.eraseAccount(record.id, { replay: true, proposals: record.proposals });
        await store.rights.unlinkAccount(record.id);
      } else {
        await services.registry.purgeConsultation(record.id, { replay: true });
        const consultation = await store.consultations.get(record.id);
        if (consultation && consultation.purgedAt === null) await store.consultations.markPurged(record.id, Date.parse(record.at));
      }
    }
    await checkpointTruncate(db);
    return records.length;
  } finally {
    await store.close();
  }
}

/**
 * `npm run restore -- <file>`: puts a backup in place of the database, on a stopped server. Refuses while the
 * server runs, a file that fails `PRAGMA integrity_check`, and a file from a newer schema. The erasure ledger is
 * replayed before the swap, so nobody erased after the backup comes back.
 */
async function main(): Promise<number> {
  const env = parseEnv(process.env);
  const source = process.argv[2];
  if (!source) throw new Refusal(RestoreExit.usage, 'usage: npm run restore -- <file>');
  const file = resolve(source);
  if (!existsSync(file)) throw new Refusal(RestoreExit.usage, `${file} does not exist`);
  const dataDir = resolve(env.DATA_DIR);
  const pid = runningServerPid(dataDir);
  if (pid !== undefined) throw new Refusal(RestoreExit.serverRunning, `the server is running on ${dataDir} (pid ${pid}): stop it first`);
  checkBackup(file);

  secureDataDir(dataDir);
  const files = dataFiles(dataDir);
  const staging = `${files.database}.restoring`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(staging + suffix, { force: true });
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await copy.backup(staging);
  } finally {
    copy.close();
  }
  const replayed = await replayErasures(staging, new ErasureLedger(files.ledger));
  // The old -wal would be replayed onto the restored file: it goes before the swap.
  for (const suffix of ['-wal', '-shm']) rmSync(files.database + suffix, { force: true });
  renameSync(staging, files.database);
  chmodSync(files.database, 0o600);
  console.log(`[civique] restored ${file} into ${files.database}; ${replayed} erasure(s) from the ledger replayed`);
  return RestoreExit.ok;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof Refusal) {
      console.error(`[civique] restore refused: ${error.message}`);
      process.exit(error.exitCode);
    }
    console.error(error instanceof EnvError ? error.message : `[civique] restore failed: ${(error as Error).message}`);
    process.exit(RestoreExit.failed);
  },
);
