import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dataFiles } from '../backup/data-files.ts';
import { secureDataDir } from '../data-dir.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { createSqliteStore } from '../store.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs `npm run civique -- …` as the operator would (tsx, a fresh process) on the given data folder. */
function civique(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('npm run civique (operator command line)', () => {
  let dataDir: string;
  const tenantOrigins = () => {
    const db = openDatabase(dataFiles(dataDir).database);
    try {
      return createSqliteStore(db).tenants.get('ville');
    } finally {
      db.close();
    }
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'civique-cli-'));
    secureDataDir(dataDir);
    const db = openDatabase(dataFiles(dataDir).database);
    migrate(db);
    await createSqliteStore(db).tenants.upsert({ id: 'ville', name: 'Ville', allowedOrigins: ['https://ville.fr'], quartiers: [], createdAt: 1 });
    db.close();
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('--help lists every command', async () => {
    const { code, stdout } = await civique(dataDir, '--help');
    assert.equal(code, 0);
    for (const line of ['origins add <tenant> <origin>', 'origins remove <tenant> <origin>', 'origins list <tenant>', 'tenant list']) {
      assert.match(stdout, new RegExp(line.replace(/[<>]/g, '.')));
    }
  });

  test('origins add stores the normalised origin in the database; twice changes nothing', async () => {
    const added = await civique(dataDir, 'origins', 'add', 'ville', 'https://Site.Ville.fr:443/');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /https:\/\/site\.ville\.fr/);
    assert.deepEqual((await tenantOrigins())?.allowedOrigins, ['https://ville.fr', 'https://site.ville.fr']);
    assert.equal((await civique(dataDir, 'origins', 'add', 'ville', 'https://site.ville.fr')).code, 0);
    assert.deepEqual((await tenantOrigins())?.allowedOrigins, ['https://ville.fr', 'https://site.ville.fr']);
  });

  test('origins list and tenant list, in text and --json', async () => {
    const listed = await civique(dataDir, 'origins', 'list', 'ville', '--json');
    assert.equal(listed.code, 0);
    assert.deepEqual(JSON.parse(listed.stdout), { tenant: 'ville', allowedOrigins: ['https://ville.fr', 'https://site.ville.fr'] });
    const tenants = await civique(dataDir, '--json', 'tenant', 'list');
    assert.deepEqual(JSON.parse(tenants.stdout), [{ id: 'ville', name: 'Ville', allowedOrigins: ['https://ville.fr', 'https://site.ville.fr'] }]);
    assert.match((await civique(dataDir, 'tenant', 'list')).stdout, /^ville\tVille\thttps:\/\/ville\.fr https:\/\/site\.ville\.fr$/m);
  });

  test('origins remove takes it out; removing it again fails with exit 1', async () => {
    assert.equal((await civique(dataDir, 'origins', 'remove', 'ville', 'https://site.ville.fr')).code, 0);
    assert.deepEqual((await tenantOrigins())?.allowedOrigins, ['https://ville.fr']);
    const again = await civique(dataDir, 'origins', 'remove', 'ville', 'https://site.ville.fr');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^\[civique\] https:\/\/site\.ville\.fr is not an allowed origin of "ville"\n$/);
  });

  test('origins add --staff stores a staff console origin, apart from the allowed origins', async () => {
    const added = await civique(dataDir, 'origins', 'add', 'ville', 'https://console.ville.fr', '--staff', '--json');
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual(JSON.parse(added.stdout), { tenant: 'ville', staffOrigins: ['https://console.ville.fr'] });
    const tenant = await tenantOrigins();
    assert.deepEqual(tenant?.staffOrigins, ['https://console.ville.fr']);
    assert.deepEqual(tenant?.allowedOrigins, ['https://ville.fr']);
    const again = await civique(dataDir, 'origins', 'remove', 'ville', 'https://ville.fr', '--staff');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is not a staff origin of "ville"/);
    assert.equal((await civique(dataDir, 'origins', 'remove', 'ville', 'https://console.ville.fr', '--staff')).code, 0);
    assert.deepEqual((await tenantOrigins())?.staffOrigins, []);
    assert.equal((await civique(dataDir, 'origins', 'add', 'ville', 'https://a.fr', '--staf')).code, 2);
  });

  test('a path, a query, another scheme or an unknown tenant is refused in one line, and nothing is stored', async () => {
    for (const origin of ['https://ville.fr/agenda', 'https://ville.fr?x=1', 'ftp://ville.fr', 'ville.fr', 'https://user:pw@ville.fr']) {
      const result = await civique(dataDir, 'origins', 'add', 'ville', origin);
      assert.equal(result.code, 1, origin);
      assert.match(result.stderr, /^\[civique\] [^\n]+\n$/, origin);
    }
    const unknown = await civique(dataDir, 'origins', 'add', 'nulle-part', 'https://a.fr');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no tenant "nulle-part"/);
    assert.deepEqual((await tenantOrigins())?.allowedOrigins, ['https://ville.fr']);
  });

  test('wrong usage exits 2 with the usage on stderr', async () => {
    for (const args of [['origins', 'add', 'ville'], ['origins', 'rename'], ['bogus'], ['--force', 'tenant', 'list'], []]) {
      const result = await civique(dataDir, ...args);
      assert.equal(result.code, 2, args.join(' '));
    }
    assert.match((await civique(dataDir, 'origins', 'add', 'ville')).stderr, /usage: npm run civique -- origins add <tenant> <origin>/);
  });

  test('a DATA_DIR without a database is an error, not a new empty database', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'civique-cli-empty-'));
    try {
      const result = await civique(empty, 'tenant', 'list');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /no database at .*check DATA_DIR/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
