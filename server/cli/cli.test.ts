import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dataFiles } from '../backup/data-files.ts';
import { secureDataDir } from '../data-dir.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { createServices } from '../app.ts';
import { systemClock } from '../clock.ts';
import { randomSecrets } from '../secrets.ts';
import { createSqliteStore } from '../store.ts';
import { codeFromMail, createMemoryMailer, GOOD_PASSWORD } from '../testing/test-app.ts';

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
    for (const line of [
      'origins add <tenant> <origin>',
      'origins remove <tenant> <origin>',
      'origins list <tenant>',
      'partners add <tenant>',
      'partners list <tenant>',
      'tenant list',
      'tenant create <id> <name>',
      'staff invite <tenant> <email> --role',
      'staff roles <tenant> <email>',
      'staff remove <tenant> <email>',
    ]) {
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

  test('partners add, update, list and remove: the address is stored in the tenant’s configuration; an http logo is refused', async () => {
    const added = await civique(
      dataDir,
      'partners',
      'add',
      'ville',
      '--name',
      'CCI des Vosges',
      '--email',
      'Aide@CCI.example',
      '--helps-fr',
      'Financement',
      '--logo',
      'https://cci.example/logo.svg',
      '--json',
    );
    assert.equal(added.code, 0, added.stderr);
    const partner = JSON.parse(added.stdout);
    assert.equal(partner.email, 'aide@cci.example', 'stored normalised');
    const http = await civique(dataDir, 'partners', 'update', 'ville', partner.id, '--logo', 'http://cci.example/logo.svg');
    assert.equal(http.code, 1);
    assert.match(http.stderr, /^\[civique\] Invalid partner \(logoUrl: [^\n]+\)\n$/);
    const updated = await civique(dataDir, 'partners', 'update', 'ville', partner.id, '--helps-fr', 'Embauche', '--helps-en', 'Hiring', '--logo', 'none');
    assert.equal(updated.code, 0, updated.stderr);
    const listed = await civique(dataDir, 'partners', 'list', 'ville', '--json');
    assert.deepEqual(
      JSON.parse(listed.stdout).map((p: { name: string; email: string; logoUrl: string | null; helpsWith: object }) => [
        p.name,
        p.email,
        p.logoUrl,
        p.helpsWith,
      ]),
      [['CCI des Vosges', 'aide@cci.example', null, { fr: 'Embauche', en: 'Hiring' }]],
    );
    assert.equal((await civique(dataDir, 'partners', 'add', 'ville', '--name', 'Sans adresse', '--helps-fr', 'Aide')).code, 1);
    assert.equal((await civique(dataDir, 'partners', 'remove', 'ville', partner.id)).code, 0);
    assert.match((await civique(dataDir, 'partners', 'list', 'ville')).stdout, /no partner for "ville"/);
    assert.equal((await civique(dataDir, 'partners', 'remove', 'ville', partner.id)).code, 1);
  });

  test('wrong usage exits 2 with the usage on stderr', async () => {
    for (const args of [['origins', 'add', 'ville'], ['origins', 'rename'], ['bogus'], ['--force', 'tenant', 'list'], []]) {
      const result = await civique(dataDir, ...args);
      assert.equal(result.code, 2, args.join(' '));
    }
    assert.match((await civique(dataDir, 'origins', 'add', 'ville')).stderr, /usage: npm run civique -- origins add <tenant> <origin>/);
  });

  test('tenant create and show; a second create, a bad id or a missing name is refused', async () => {
    const created = await civique(dataDir, 'tenant', 'create', 'bourg-neuf', 'Commune de Bourg-Neuf', '--json');
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(JSON.parse(created.stdout), { id: 'bourg-neuf', name: 'Commune de Bourg-Neuf', allowedOrigins: [], staffOrigins: [], quartiers: [] });
    const shown = await civique(dataDir, 'tenant', 'show', 'bourg-neuf');
    assert.match(shown.stdout, /^bourg-neuf\tCommune de Bourg-Neuf\nallowed origins: \(none\)/);
    const again = await civique(dataDir, 'tenant', 'create', 'bourg-neuf', 'Autre');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^\[civique\] tenant "bourg-neuf" already exists[^\n]*\n$/);
    assert.equal((await civique(dataDir, 'tenant', 'create', 'Bourg Neuf', 'X')).code, 1);
    assert.equal((await civique(dataDir, 'tenant', 'create', 'bourg')).code, 2);
    assert.equal((await civique(dataDir, 'tenant', 'show', 'nulle-part')).code, 1);
  });

  test('staff invite mails a single-use link with which the invited person chooses their password; roles and remove; each audited as operator', async () => {
    const invited = await civique(dataDir, 'staff', 'invite', 'ville', 'Agent@Ville.fr', '--role', 'moderator', '--json');
    assert.equal(invited.code, 0, invited.stderr);
    const { accountId, roles } = JSON.parse(invited.stdout);
    assert.deepEqual(roles, ['moderator']);

    const db = openDatabase(dataFiles(dataDir).database);
    try {
      const mail = db.prepare('SELECT to_address, subject, body FROM outbox WHERE account_id = ?').get(accountId) as {
        to_address: string;
        subject: string;
        body: string;
      };
      assert.equal(mail.to_address, 'agent@ville.fr');
      assert.match(mail.subject, /personnel de Ville/);
      assert.match(mail.body, /rôles : moderator/);
      // The invited person follows the link and chooses a password: no password ever went through the command line.
      const services = createServices({ store: createSqliteStore(db), clock: systemClock, mailer: createMemoryMailer(), secrets: randomSecrets() });
      const code = codeFromMail(mail.body, 'reset');
      await services.accounts.resetPassword(code, GOOD_PASSWORD);
      const session = await services.accounts.signIn({ email: 'agent@ville.fr', password: GOOD_PASSWORD, remember: false, ip: '192.0.2.1' });
      assert.equal(session.me.account.id, accountId);
      await assert.rejects(services.accounts.resetPassword(code, `${GOOD_PASSWORD} bis`), /expired or was already used/);
    } finally {
      db.close();
    }

    const changed = await civique(dataDir, 'staff', 'roles', 'ville', 'agent@ville.fr', 'admin,answerer');
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /agent@ville\.fr at "ville": admin, answerer/);
    assert.equal((await civique(dataDir, 'staff', 'roles', 'ville', 'agent@ville.fr', 'admin,chef')).code, 1);
    assert.match((await civique(dataDir, 'staff', 'list', 'ville')).stdout, /^agent@ville\.fr\tadmin,answerer$/m);
    assert.equal((await civique(dataDir, 'staff', 'invite', 'ville', 'x@ville.fr')).code, 2, '--role is required');
    assert.equal((await civique(dataDir, 'staff', 'remove', 'ville', 'agent@ville.fr')).code, 0);
    const removedTwice = await civique(dataDir, 'staff', 'remove', 'ville', 'agent@ville.fr');
    assert.equal(removedTwice.code, 1);
    assert.match(removedTwice.stderr, /is not staff of "ville"/);

    const check = openDatabase(dataFiles(dataDir).database);
    try {
      const events = check.prepare('SELECT actor, action, target, after FROM audit_events WHERE target = ? ORDER BY id').all(`account:${accountId}`) as {
        actor: string;
        action: string;
        after: string;
      }[];
      assert.deepEqual(
        events.map((e) => `${e.actor} ${e.action}`),
        ['operator staff invite', 'operator staff roles', 'operator staff remove'],
      );
      assert.match(events[0].after, /"a\*\*\*@ville\.fr"/, 'the email is masked in the log');
      const origins = check.prepare("SELECT count(*) AS n FROM audit_events WHERE action IN ('origins add', 'origins remove', 'tenant create')").get() as {
        n: number;
      };
      assert.ok(origins.n >= 4);
    } finally {
      check.close();
    }
  });

  test('consultation import validates the file with the API’s schema; export gives back what import takes', async () => {
    const file = join(dataDir, 'piscine.json');
    const config = {
      slug: 'piscine',
      kind: 'vote',
      title: 'Horaires de la piscine',
      opensAt: '2030-06-01T08:00:00.000Z',
      closesAt: '2030-06-30T18:00:00.000Z',
      retentionEnd: '2031-06-30T18:00:00.000Z',
      privacyNotice: { purposes: ['Compter les votes'], recipients: ['Ville'], retention: '1 an' },
      allowAnonymous: true,
      settings: {
        mode: 'single',
        options: [
          { id: 'matin', label: 'Matin' },
          { id: 'soir', label: 'Soir' },
        ],
      },
    };
    writeFileSync(file, JSON.stringify({ ...config, settings: { mode: 'single' } }));
    const refused = await civique(dataDir, 'consultation', 'import', 'ville', file);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^\[civique\] [^\n]*settings\.options[^\n]*\n$/);
    // A rule only the API's schema holds (a title of 3 characters or more).
    writeFileSync(file, JSON.stringify({ ...config, title: 'Ab' }));
    const short = await civique(dataDir, 'consultation', 'import', 'ville', file);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /^\[civique\] [^\n]*title[^\n]*\n$/);
    writeFileSync(file, '{ not json');
    assert.equal((await civique(dataDir, 'consultation', 'import', 'ville', file)).code, 1);

    writeFileSync(file, JSON.stringify(config));
    const imported = await civique(dataDir, 'consultation', 'import', 'ville', file, '--json');
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(JSON.parse(imported.stdout).slug, 'piscine');
    const again = await civique(dataDir, 'consultation', 'import', 'ville', file);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);

    const exported = await civique(dataDir, 'consultation', 'export', 'ville', 'piscine');
    assert.equal(exported.code, 0, exported.stderr);
    const back = JSON.parse(exported.stdout);
    assert.deepEqual(
      { ...back, settings: undefined, stuffingPolicy: undefined, description: undefined },
      { ...config, settings: undefined, stuffingPolicy: undefined, description: undefined },
    );
    assert.deepEqual(back.settings.options, config.settings.options);
    writeFileSync(file, JSON.stringify({ ...back, slug: 'piscine-2' }));
    assert.equal((await civique(dataDir, 'consultation', 'import', 'ville', file)).code, 0, 'an export imports as is');
    assert.equal((await civique(dataDir, 'consultation', 'export', 'ville', 'absente')).code, 1);
  });

  test('rights intake logs a request received by letter, open and due in one month', async () => {
    const logged = await civique(dataDir, 'rights', 'intake', 'ville', 'agent@ville.fr', 'access', '--json');
    assert.equal(logged.code, 0, logged.stderr);
    const { id, receivedAt, dueAt } = JSON.parse(logged.stdout);
    assert.equal(Date.parse(dueAt) - Date.parse(receivedAt), 30 * 24 * 3600 * 1000);
    const db = openDatabase(dataFiles(dataDir).database);
    try {
      const row = db.prepare('SELECT kind, completed_at FROM rights_requests WHERE id = ?').get(id);
      assert.deepEqual({ ...(row as object) }, { kind: 'access', completed_at: null });
      assert.equal((db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'rights intake'").get() as { n: number }).n, 1);
    } finally {
      db.close();
    }
    assert.equal((await civique(dataDir, 'rights', 'intake', 'ville', 'agent@ville.fr', 'oubli')).code, 1);
    assert.equal((await civique(dataDir, 'rights', 'intake', 'ville', 'inconnu@ville.fr', 'access')).code, 1);
    assert.equal((await civique(dataDir, 'rights', 'intake', 'ville')).code, 2);
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
