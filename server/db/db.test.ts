import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { migrate, MigrationError } from './migrate.ts';
import { openDatabase } from './open.ts';

const MIGRATIONS = new URL('./migrations/', import.meta.url).pathname;

function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'civique-migrations-'));
  for (const file of readdirSync(MIGRATIONS)) copyFileSync(join(MIGRATIONS, file), join(dir, file));
  return dir;
}

describe('database', () => {
  test('every connection has WAL, synchronous=FULL, foreign keys, a busy timeout and secure delete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'civique-db-'));
    const db = openDatabase(join(dir, 'x.db'));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok((db.pragma('busy_timeout', { simple: true }) as number) >= 5000);
    assert.equal(db.pragma('secure_delete', { simple: true }), 1);
    db.close();
  });

  test('migrations are applied once, in order, and recorded', () => {
    const db = openDatabase(':memory:');
    const first = migrate(db);
    assert.ok(first.applied[0] === '0001_init.sql');
    assert.deepEqual(migrate(db).applied, []);
    const recorded = db.prepare('SELECT name FROM schema_migrations ORDER BY version').all() as { name: string }[];
    assert.deepEqual(
      recorded.map((r) => r.name),
      first.applied,
    );
  });

  test('a migration changed after it was applied stops the start', () => {
    const dir = copyOfMigrations();
    const db = openDatabase(':memory:');
    migrate(db, dir);
    writeFileSync(join(dir, '0001_init.sql'), '-- edited\n', { flag: 'a' });
    assert.throws(
      () => migrate(db, dir),
      (error: Error) => error instanceof MigrationError && /0001_init\.sql was changed/.test(error.message),
    );
  });

  test('a database that knows a migration the code lacks stops the start', () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '0999_future.sql'), 'CREATE TABLE future (id INTEGER);');
    const db = openDatabase(':memory:');
    migrate(db, dir);
    assert.throws(() => migrate(db, MIGRATIONS), /0999_future\.sql is recorded in the database but its file is missing/);
  });

  test('a failing migration leaves nothing half-applied', () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '0998_broken.sql'), 'CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = openDatabase(':memory:');
    assert.throws(() => migrate(db, dir));
    assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'").get() as { n: number }).n, 0);
    assert.equal((db.prepare("SELECT count(*) AS n FROM schema_migrations WHERE name = '0998_broken.sql'").get() as { n: number }).n, 0);
  });
});
