import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startServer } from '../testing/processes.ts';
import { DAY } from '../clock.ts';
import { createTestApp, GOOD_PASSWORD, TENANT } from '../testing/test-app.ts';
import { RestoreExit } from './data-files.ts';
import { ErasureLedger } from '../personal-data/erasure-ledger.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const PASSWORD = 'Le chat de Montjoli dort 3 fois';
const ORIGIN = 'http://localhost:8080';

/** Runs `npm run backup|restore -- <file>` as an operator would, on the given data folder. */
function npmRun(script: 'backup' | 'restore', file: string, dataDir: string) {
  const result = spawnSync('npm', ['run', '--silent', script, '--', file], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}`.trim() };
}

/** The bytes of the database files of a data folder (the byte scan). */
function databaseBytes(dataDir: string): Buffer[] {
  return ['civique.db', 'civique.db-wal', 'civique.db-shm']
    .map((f) => join(dataDir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f));
}

/** One request on its own connection: the steps between requests (npm runs) outlast the server's keep-alive. */
function api(origin: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${origin}/v1/tenants/montjoli${path}`,
      {
        method,
        agent: false,
        headers: {
          origin: ORIGIN,
          'content-type': 'application/json',
          ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('backup and restore (npm run backup / restore)', () => {
  test('an online backup, an account deleted after it, a restore: the deleted citizen stays deleted, the others come back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civique-backup-'));
    const backupFile = join(mkdtempSync(join(tmpdir(), 'civique-backups-')), 'civique-backup.db');
    const gone = { email: 'efface.apres-sauvegarde-5521@example.fr', lastName: 'Sauvegardé-Puis-Effacé', phone: '06 55 44 33 22' };
    const kept = 'reste.la-8812@example.fr';
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      assert.equal((await api(server.origin, 'POST', '/auth/sign-up', { email: gone.email, password: PASSWORD, returnUrl: `${ORIGIN}/` })).status, 202);
      const signIn = await api(server.origin, 'POST', '/auth/sign-in', { email: gone.email, password: PASSWORD });
      assert.equal(signIn.status, 200);
      const token = signIn.body.token as string;
      assert.equal((await api(server.origin, 'PATCH', '/me', { profile: { lastName: gone.lastName, phone: gone.phone } }, token)).status, 200);
      assert.equal((await api(server.origin, 'POST', '/auth/sign-up', { email: kept, password: PASSWORD, returnUrl: `${ORIGIN}/` })).status, 202);

      const backup = npmRun('backup', backupFile, dataDir);
      assert.equal(backup.code, 0, backup.out);
      assert.match(backup.out, /^\[civique\] backup written: .* \(\d+ bytes\)$/);
      assert.equal(statSync(backupFile).mode & 0o777, 0o600);
      assert.ok(readFileSync(backupFile).includes(gone.email), 'the backup holds the account');

      assert.equal((await api(server.origin, 'DELETE', '/me', { password: PASSWORD }, token)).status, 204);
      const ledger = readFileSync(join(dataDir, 'erasures.jsonl'), 'utf8');
      assert.equal(ledger.trim().split('\n').length, 1);
      assert.ok(!ledger.includes(gone.email), 'the ledger holds ids, not personal data');
      assert.equal(statSync(join(dataDir, 'erasures.jsonl')).mode & 0o777, 0o600);

      const whileRunning = npmRun('restore', backupFile, dataDir);
      assert.equal(whileRunning.code, RestoreExit.serverRunning, whileRunning.out);
      assert.match(whileRunning.out, /^\[civique\] restore refused: the server is running .*stop it first$/);
    } finally {
      await server.stop();
    }

    const restore = npmRun('restore', backupFile, dataDir);
    assert.equal(restore.code, 0, restore.out);
    assert.match(restore.out, /^\[civique\] restored .* 1 erasure\(s\) from the ledger replayed$/);
    for (const bytes of databaseBytes(dataDir)) {
      for (const needle of Object.values(gone)) assert.equal(bytes.indexOf(needle), -1, `"${needle}" came back with the restore`);
    }
    assert.ok(databaseBytes(dataDir)[0].includes(kept), 'the rest of the backup is restored');
    assert.equal(statSync(join(dataDir, 'civique.db')).mode & 0o777, 0o600);

    const again = await startServer({ DATA_DIR: dataDir });
    try {
      assert.equal((await api(again.origin, 'POST', '/auth/sign-in', { email: kept, password: PASSWORD })).status, 200);
      assert.equal((await api(again.origin, 'POST', '/auth/sign-in', { email: gone.email, password: PASSWORD })).status, 401);
    } finally {
      await again.stop();
    }
  });

  test('a restore refuses a damaged file and a file from a newer schema, with one line and its own exit code', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civique-restore-'));
    const dir = mkdtempSync(join(tmpdir(), 'civique-files-'));
    const server = await startServer({ DATA_DIR: dataDir });
    const good = join(dir, 'good.db');
    try {
      assert.equal(npmRun('backup', good, dataDir).code, 0);
    } finally {
      await server.stop();
    }
    const before = readFileSync(join(dataDir, 'civique.db'));

    const newer = join(dir, 'newer.db');
    copyFileSync(good, newer);
    const db = new Database(newer);
    db.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, '9999_future.sql', 'x', 'now')").run();
    db.close();
    const refusedNewer = npmRun('restore', newer, dataDir);
    assert.equal(refusedNewer.code, RestoreExit.newerSchema, refusedNewer.out);
    assert.match(refusedNewer.out, /^\[civique\] restore refused: .* comes from a newer Civique \(migration 9999 is unknown here\)/);
    assert.equal(refusedNewer.out.split('\n').length, 1);

    const damaged = join(dir, 'damaged.db');
    const bytes = readFileSync(good);
    // Scribble over the second half of the file: pages of tables and indexes, not the header.
    for (let i = Math.floor(bytes.length / 2); i < bytes.length; i += 7) bytes[i] = (bytes[i] + 0x5a) & 0xff;
    writeFileSync(damaged, bytes);
    const refusedDamaged = npmRun('restore', damaged, dataDir);
    assert.equal(refusedDamaged.code, RestoreExit.damaged, refusedDamaged.out);
    assert.match(refusedDamaged.out, /^\[civique\] restore refused: .*(integrity_check|not a SQLite database|not a Civique database)/);
    assert.equal(refusedDamaged.out.split('\n').length, 1);

    assert.deepEqual(readFileSync(join(dataDir, 'civique.db')), before, 'a refused restore changes nothing');
  });
});

describe('the erasure ledger', () => {
  test('records every account deletion and every retention purge, through the registry, ids only', async () => {
    const ledger = new ErasureLedger(join(mkdtempSync(join(tmpdir(), 'civique-ledger-')), 'erasures.jsonl'));
    const t = await createTestApp({ deps: { erasureLedger: ledger } });
    try {
      const consultation = await t.addConsultation({ retentionEnd: t.clock.now() + DAY });
      const { token, id } = await t.signUp('grand.livre@example.fr');
      assert.equal((await t.call('DELETE', `/v1/tenants/${TENANT}/me`, { token, json: { password: GOOD_PASSWORD } })).status, 204);
      t.clock.advance(2 * DAY);
      await t.services.retention.run();
      assert.deepEqual(
        ledger.read().map((r) => [r.kind, r.id]),
        [
          ['account', id],
          ['consultation', consultation.id],
        ],
      );
      assert.ok(!readFileSync(ledger.file, 'utf8').includes('grand.livre'));
    } finally {
      await t.close();
    }
  });
});
