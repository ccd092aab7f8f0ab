import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { createSqliteStore, type Store } from '../store.ts';
import { createTestApp, GOOD_PASSWORD, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';
import { CONSENT_PROOF_RETENTION, CONSENT_STUFFING_POLICY } from './consent.service.ts';
import type { ConsentRecord } from './consent.store.ts';

const base = `/v1/tenants/${TENANT}`;
const newConsentId = () => randomBytes(16).toString('hex');
const TEXT_HASH = 'a'.repeat(64);

function choice(overrides: Record<string, unknown> = {}) {
  return {
    consentId: newConsentId(),
    action: 'accept_all',
    choices: { audience: true, video: true },
    configVersion: '2027-01',
    textHash: TEXT_HASH,
    locale: 'fr',
    ...overrides,
  };
}

const count = (t: TestApp, sql: string, ...args: unknown[]) =>
  (t.db
    .prepare(sql)
    .pluck()
    .get(...args) as number) ?? 0;

describe('recordConsent', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp({ file: true })));
  after(() => t.close());

  test('keeps the consent id, time, choices, text hash and version, and the address only as keyed hashes', async () => {
    const body = choice({ action: 'custom', choices: { audience: true, video: false }, locale: 'en' });
    const res = await t.call('POST', `${base}/consents`, { json: body, ip: '203.0.113.199' });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, { consentId: body.consentId, recordedAt: new Date(t.clock.now()).toISOString(), linkedToAccount: false });

    const row = t.db.prepare('SELECT * FROM consent_records WHERE consent_id = ?').get(body.consentId) as Record<string, unknown>;
    assert.equal(row.tenant_id, TENANT);
    assert.equal(row.action, 'custom');
    assert.deepEqual(JSON.parse(row.choices as string), { audience: true, video: false });
    assert.equal(row.config_version, '2027-01');
    assert.equal(row.text_hash, TEXT_HASH);
    assert.equal(row.locale, 'en');
    assert.equal(row.page_origin, ORIGIN);
    assert.equal(row.account_id, null);
    assert.equal(row.created_at, t.clock.now());

    const trace = t.db.prepare("SELECT * FROM ip_traces WHERE participation_kind = 'consent' AND participation_id = ?").get(row.id) as Record<string, unknown>;
    assert.equal(trace.scope, `consent:${TENANT}`);
    assert.equal((trace.ip_hash as Buffer).length, 16);

    t.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of [t.dbFile!, `${t.dbFile}-wal`].filter(existsSync)) {
      const bytes = readFileSync(file);
      for (const form of ['203.0.113.199', '203.0.113.0/24', '203.0.113']) {
        assert.equal(bytes.indexOf(form), -1, `the address appears in clear (${form}) in ${file}`);
      }
    }
  });

  test('refuses malformed proofs in the one error shape', async () => {
    const tooMany = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`p${i}`, false]));
    for (const [bad, path] of [
      [choice({ consentId: 'not-random-enough' }), 'consentId'],
      [choice({ consentId: newConsentId().toUpperCase() }), 'consentId'],
      [choice({ textHash: 'abc' }), 'textHash'],
      [choice({ action: 'scrolled' }), 'action'],
      [choice({ choices: { 'Audience!': true } }), 'choices.Audience!'],
      [choice({ choices: { audience: 'yes' } }), 'choices.audience'],
      [choice({ choices: tooMany }), 'choices'],
      [choice({ configVersion: '' }), 'configVersion'],
      [{ ...choice(), ip: '203.0.113.1' }, '(body)'],
    ] as const) {
      const res = await t.call('POST', `${base}/consents`, { json: bad });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.body.error.code, 'validation_failed');
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        `${path}: ${JSON.stringify(res.body.error.issues)}`,
      );
    }
    assert.equal(count(t, "SELECT count(*) FROM consent_records WHERE consent_id = 'not-random-enough'"), 0);
  });

  test('answers only the tenant’s own sites', async () => {
    const body = choice();
    const res = await t.call('POST', `${base}/consents`, { json: body, origin: 'https://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'origin_not_allowed');
    assert.equal(count(t, 'SELECT count(*) FROM consent_records WHERE consent_id = ?', body.consentId), 0);
    const unknown = await t.call('POST', '/v1/tenants/nowhere/consents', { json: choice() });
    assert.equal(unknown.status, 404);
  });

  test('flags, but keeps, a flood of proofs from one address', async () => {
    const max = CONSENT_STUFFING_POLICY.perIp!.max;
    let last: ConsentRecord | undefined;
    for (let i = 0; i <= max; i++) {
      const res = await t.call('POST', `${base}/consents`, { json: choice(), ip: '198.51.100.250' });
      assert.equal(res.status, 201);
      last = (await t.store.consent.listByConsentId(TENANT, res.body.consentId))[0];
      assert.equal(last.quarantined, i >= max, `proof ${i}`);
    }
    const other = await t.call('POST', `${base}/consents`, { json: choice(), ip: '192.0.2.10' });
    assert.equal((await t.store.consent.listByConsentId(TENANT, other.body.consentId))[0].quarantined, false);
  });
});

describe('the visitor’s rights through the consent id (getConsent, deleteConsent)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await t.store.tenants.upsert({ id: 'autreville', name: 'Autreville', allowedOrigins: ['https://autreville.fr'], quartiers: [], createdAt: 1 });
  });
  after(() => t.close());

  test('exports the whole history of a consent id, oldest first, with the hashes and their erasure dates', async () => {
    const first = choice();
    await t.call('POST', `${base}/consents`, { json: first, ip: '203.0.113.8' });
    t.clock.advance(DAY);
    await t.call('POST', `${base}/consents`, {
      json: { ...first, action: 'custom', choices: { audience: false, video: true }, configVersion: '2027-01' },
      ip: '203.0.113.8',
    });
    await t.call('POST', `${base}/consents`, { json: choice(), ip: '203.0.113.8' });

    const res = await t.call('GET', `${base}/consents/${first.consentId}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="civique-consentement-[0-9a-f]{8}\.json"/);
    assert.equal(res.body.consentId, first.consentId);
    assert.equal(res.body.tenant, TENANT);
    assert.deepEqual(
      res.body.records.map((r: { action: string; choices: unknown }) => [r.action, r.choices]),
      [
        ['accept_all', { audience: true, video: true }],
        ['custom', { audience: false, video: true }],
      ],
    );
    const [record] = res.body.records;
    assert.equal(record.textHash, TEXT_HASH);
    assert.equal(record.pageOrigin, ORIGIN);
    assert.match(record.ipTrace.addressHash, /^[0-9a-f]{32}$/);
    assert.equal(Date.parse(record.ipTrace.erasedAfter) - Date.parse(record.recordedAt), 90 * DAY);
    assert.equal(Date.parse(record.erasedAfter) - Date.parse(record.recordedAt), CONSENT_PROOF_RETENTION);
    assert.ok(!JSON.stringify(res.body).includes('203.0.113'), 'no address in the export');
  });

  test('keeps one tenant’s records out of another’s reach, and 404s an unknown id', async () => {
    const mine = choice();
    await t.call('POST', `${base}/consents`, { json: mine });
    const elsewhere = await t.call('GET', `/v1/tenants/autreville/consents/${mine.consentId}`, { origin: 'https://autreville.fr' });
    assert.equal(elsewhere.status, 404);
    assert.equal((await t.call('DELETE', `/v1/tenants/autreville/consents/${mine.consentId}`, { origin: 'https://autreville.fr' })).status, 404);
    assert.equal((await t.call('GET', `${base}/consents/${mine.consentId}`)).body.records.length, 1);
    const unknown = await t.call('GET', `${base}/consents/${newConsentId()}`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
    assert.equal((await t.call('GET', `${base}/consents/..%2F..%2Fme`)).status, 400);
  });

  test('erases every record of a consent id and its address hashes, and only those', async () => {
    const gone = choice();
    const kept = choice();
    await t.call('POST', `${base}/consents`, { json: gone });
    await t.call('POST', `${base}/consents`, { json: { ...gone, action: 'refuse_all', choices: { audience: false, video: false } } });
    await t.call('POST', `${base}/consents`, { json: kept });
    const ids = t.db.prepare('SELECT id FROM consent_records WHERE consent_id = ?').pluck().all(gone.consentId) as string[];
    assert.equal(ids.length, 2);

    const res = await t.call('DELETE', `${base}/consents/${gone.consentId}`);
    assert.equal(res.status, 204);
    assert.equal(count(t, 'SELECT count(*) FROM consent_records WHERE consent_id = ?', gone.consentId), 0);
    for (const id of ids) assert.equal(count(t, "SELECT count(*) FROM ip_traces WHERE participation_kind = 'consent' AND participation_id = ?", id), 0);
    assert.equal((await t.call('GET', `${base}/consents/${gone.consentId}`)).status, 404);
    assert.equal((await t.call('DELETE', `${base}/consents/${gone.consentId}`)).status, 404, 'nothing left to erase');
    assert.equal((await t.call('GET', `${base}/consents/${kept.consentId}`)).body.records.length, 1, 'other visitors untouched');
  });
});

describe('retention of consent proofs', () => {
  let t: TestApp;
  beforeEach(async () => {
    t?.close();
    t = await createTestApp();
  });
  after(() => t.close());

  test('the address hashes go after 90 days with every other trace; the proof stays', async () => {
    const body = choice();
    await t.call('POST', `${base}/consents`, { json: body });
    t.clock.advance(89 * DAY);
    await t.services.retention.run();
    assert.notEqual((await t.call('GET', `${base}/consents/${body.consentId}`)).body.records[0].ipTrace, null);
    t.clock.advance(2 * DAY);
    await t.services.retention.run();
    const res = await t.call('GET', `${base}/consents/${body.consentId}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.records[0].ipTrace, null);
    assert.equal(count(t, 'SELECT count(*) FROM ip_traces WHERE scope = ?', `consent:${TENANT}`), 0);
  });

  test('proofs older than the proof retention are erased, younger ones kept', async () => {
    const old = choice();
    await t.call('POST', `${base}/consents`, { json: old });
    t.clock.advance(CONSENT_PROOF_RETENTION - DAY);
    const recent = choice();
    await t.call('POST', `${base}/consents`, { json: recent });
    t.clock.advance(2 * DAY);
    // The hourly retention job runs the consent rule.
    assert.equal((await t.services.retention.run()).expired.consentProofs, 1);
    assert.equal((await t.call('GET', `${base}/consents/${old.consentId}`)).status, 404);
    assert.equal((await t.call('GET', `${base}/consents/${recent.consentId}`)).status, 200);
  });
});

describe('consent records of a signed-in citizen', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('are linked to the account, exported with it and erased with it', async () => {
    const { token, id } = await t.signUp();
    const body = choice();
    const res = await t.call('POST', `${base}/consents`, { json: body, token });
    assert.equal(res.status, 201);
    assert.equal(res.body.linkedToAccount, true);
    const anonymous = choice();
    await t.call('POST', `${base}/consents`, { json: anonymous });

    const exported = await t.call('GET', `${base}/me/export`, { token });
    assert.equal(exported.status, 200);
    assert.equal(exported.body.cookieConsents.length, 1);
    assert.equal(exported.body.cookieConsents[0].consentId, `${body.consentId.slice(0, 8)}…`, 'only its start: the id is a key');
    assert.ok(!JSON.stringify(exported.body).includes(body.consentId));
    assert.equal(exported.body.cookieConsents[0].tenant, TENANT);
    assert.equal(exported.body.cookieConsents[0].linkedToAccount, true);

    assert.ok(t.services.registry.coveredTables().has('consent_records'));
    assert.ok((await t.store.tablesLinkedToAccounts()).includes('consent_records'));

    const deleted = await t.call('DELETE', `${base}/me`, { token, json: { password: GOOD_PASSWORD } });
    assert.equal(deleted.status, 204);
    assert.equal(count(t, 'SELECT count(*) FROM consent_records WHERE account_id = ? OR consent_id = ?', id, body.consentId), 0);
    assert.equal((await t.call('GET', `${base}/consents/${anonymous.consentId}`)).status, 200, 'anonymous records untouched');
  });

  test('a record linked to an account is read and erased only with that account’s session; unlinked ones by id alone', async () => {
    const owner = await t.signUp();
    const stranger = await t.signUp();
    const linked = choice();
    assert.equal((await t.call('POST', `${base}/consents`, { json: linked, token: owner.token })).status, 201);
    const unlinked = { ...choice(), consentId: linked.consentId };
    assert.equal((await t.call('POST', `${base}/consents`, { json: unlinked })).status, 201);
    const alone = choice();
    assert.equal((await t.call('POST', `${base}/consents`, { json: alone })).status, 201);

    const byId = await t.call('GET', `${base}/consents/${linked.consentId}`);
    assert.equal(byId.status, 200);
    assert.deepEqual(
      byId.body.records.map((r: { linkedToAccount: boolean }) => r.linkedToAccount),
      [false],
      'the id alone shows only the unlinked record',
    );
    assert.equal((await t.call('GET', `${base}/consents/${linked.consentId}`, { token: stranger.token })).body.records.length, 1);
    const asOwner = await t.call('GET', `${base}/consents/${linked.consentId}`, { token: owner.token });
    assert.deepEqual(
      asOwner.body.records.map((r: { linkedToAccount: boolean }) => r.linkedToAccount),
      [true, false],
    );

    assert.equal((await t.call('DELETE', `${base}/consents/${linked.consentId}`, { token: stranger.token })).status, 204);
    assert.equal(count(t, 'SELECT count(*) FROM consent_records WHERE consent_id = ?', linked.consentId), 1, 'the linked record survived');
    assert.equal((await t.call('GET', `${base}/consents/${linked.consentId}`)).status, 404);
    assert.equal((await t.call('DELETE', `${base}/consents/${linked.consentId}`)).status, 404);
    assert.equal((await t.call('DELETE', `${base}/consents/${linked.consentId}`, { token: owner.token })).status, 204);
    assert.equal(count(t, 'SELECT count(*) FROM consent_records WHERE consent_id = ?', linked.consentId), 0);
    assert.equal((await t.call('DELETE', `${base}/consents/${alone.consentId}`)).status, 204, 'unlinked records keep working by id');
  });

  test('a revoked token is refused rather than silently recorded anonymously', async () => {
    const res = await t.call('POST', `${base}/consents`, { json: choice(), token: 'x'.repeat(43) });
    assert.equal(res.status, 401);
  });
});

describe('OpenAPI', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('documents recordConsent, getConsent and deleteConsent', async () => {
    const doc = (await t.call('GET', '/v1/openapi.json', { origin: null })).body;
    assert.equal(doc.paths['/v1/tenants/{tenant}/consents'].post.operationId, 'recordConsent');
    assert.equal(doc.paths['/v1/tenants/{tenant}/consents/{consentId}'].get.operationId, 'getConsent');
    assert.equal(doc.paths['/v1/tenants/{tenant}/consents/{consentId}'].delete.operationId, 'deleteConsent');
    assert.ok(doc.components.schemas.RecordConsent.properties.textHash);
  });
});

describe('consent store (against the interface)', () => {
  let store: Store;
  beforeEach(async () => {
    const db = openDatabase(':memory:');
    migrate(db);
    store = createSqliteStore(db);
    await store.tenants.upsert({ id: 'ville', name: 'Ville', allowedOrigins: ['https://ville.fr'], quartiers: [], createdAt: 1 });
  });

  const record = (overrides: Partial<ConsentRecord> = {}): ConsentRecord => ({
    id: randomBytes(8).toString('hex'),
    tenantId: 'ville',
    consentId: 'c'.repeat(32),
    accountId: null,
    action: 'accept_all',
    choices: { audience: true },
    configVersion: '1',
    textHash: TEXT_HASH,
    locale: 'fr',
    pageOrigin: 'https://ville.fr',
    quarantined: false,
    createdAt: 100,
    ...overrides,
  });

  test('writes a record and its trace together, lists and erases both', async () => {
    const key = await store.stuffing.insertKey(randomBytes(32), 1);
    const r = record();
    const trace = {
      scope: 'consent:ville',
      participationKind: 'consent',
      participationId: r.id,
      accountId: null,
      keyId: key.id,
      ipHash: randomBytes(16),
      prefixHash: randomBytes(16),
      createdAt: 100,
    };
    await store.consent.insert(r, trace);
    await store.consent.insert(record({ createdAt: 200, choices: { audience: false } }), { ...trace, participationId: 'other' });
    const listed = await store.consent.listByConsentId('ville', r.consentId);
    assert.deepEqual(
      listed.map((x) => x.choices),
      [{ audience: true }, { audience: false }],
    );
    assert.deepEqual(listed[0].ipTrace?.ipHash, trace.ipHash);
    assert.equal(await store.consent.deleteBefore(150), 1);
    assert.equal((await store.consent.listByConsentId('ville', r.consentId)).length, 1);
    assert.equal(await store.consent.deleteByConsentId('ville', r.consentId), 1);
    assert.equal(await store.consent.deleteByConsentId('ville', r.consentId), 0);
  });

  test('a record whose trace cannot be written is not written either', async () => {
    const r = record();
    await assert.rejects(
      store.consent.insert(r, {
        scope: 'consent:ville',
        participationKind: 'consent',
        participationId: r.id,
        accountId: null,
        keyId: 999,
        ipHash: randomBytes(16),
        prefixHash: randomBytes(16),
        createdAt: 1,
      }),
    );
    assert.equal((await store.consent.listByConsentId('ville', r.consentId)).length, 0);
  });
});
