import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from './open.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export class MigrationError extends Error {}

interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/** The migration versions this code knows, in order (a restore refuses a database that has more). */
export function knownMigrationVersions(dir = MIGRATIONS_DIR.pathname): number[] {
  return readMigrations(dir).map((m) => m.version);
}

/**
 * Applies the numbered `.sql` files not yet recorded in `schema_migrations`, each in its own transaction.
 * A recorded migration whose file changed or disappeared stops the start: the schema on disk would no longer
 * match the code.
 */
export function migrate(db: Db, dir = MIGRATIONS_DIR.pathname): { applied: string[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const migrations = readMigrations(dir);
  const recorded = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  for (const row of recorded) {
    const file = migrations.find((m) => m.version === row.version);
    if (!file) throw new MigrationError(`[civique] migration ${row.name} is recorded in the database but its file is missing`);
    if (file.checksum !== row.checksum || file.name !== row.name) {
      throw new MigrationError(`[civique] migration ${row.name} was changed after it was applied; add a new migration instead`);
    }
  }
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (:version, :name, :checksum, :appliedAt)');
  for (const migration of migrations) {
    if (recorded.some((r) => r.version === migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run({ version: migration.version, name: migration.name, checksum: migration.checksum, appliedAt: new Date().toISOString() });
    })();
    applied.push(migration.name);
  }
  return { applied };
}
