import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DAY, MINUTE } from '../clock.ts';
import type { StuffingPolicy } from '../consultations/consultations.store.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { consultationPath, newParticipantId } from '../testing/participation.ts';
import type { Ballot } from '../votes/votes.store.ts';
import { evaluateCaps, KEY_LIFETIME, type StuffingService } from './stuffing.service.ts';
import { siteNetwork } from './ip-hash.ts';
import { ERASE_TRACES_BEFORE } from './stuffing.store.ts';

const policy: StuffingPolicy = {
  requireVerifiedEmail: false,
  perIp: { max: 3, windowMinutes: 60 },
  perPrefix: { max: 5, windowMinutes: 60 },
};

/** Records one participation from `ip` in `scope` and returns the verdict it got. */
async function participate(stuffing: StuffingService, scope: string, ip: string, id: string, accountId: string | null = null) {
  const fingerprint = await stuffing.fingerprint(ip);
  const verdict = await stuffing.assess(scope, 'survey_response', policy, fingerprint);
  await stuffing.record(stuffing.trace(fingerprint, { scope, kind: 'survey_response', id, accountId }));
  return verdict;
}

describe('caps', () => {
  test('quarantine past the per-address and per-prefix caps', () => {
    assert.deepEqual(evaluateCaps(policy, { ip: 2, prefix: 2 }), { status: 'accepted', reasons: [] });
    assert.deepEqual(evaluateCaps(policy, { ip: 3, prefix: 3 }), { status: 'quarantined', reasons: ['ip_cap'] });
    assert.deepEqual(evaluateCaps(policy, { ip: 0, prefix: 5 }), { status: 'quarantined', reasons: ['prefix_cap'] });
    assert.deepEqual(evaluateCaps({ ...policy, perIp: null, perPrefix: null }, { ip: 1e6, prefix: 1e6 }).status, 'accepted');
  });
});

describe('anti-stuffing service', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp({ file: true })));
  after(() => t.close());

  test('the 4th participation from one address within the window is quarantined; another scope is independent', async () => {
    const s = t.services.stuffing;
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push((await participate(s, 'scope-a', '203.0.113.10', `p${i}`)).status);
    assert.deepEqual(verdicts, ['accepted', 'accepted', 'accepted', 'quarantined']);
    assert.equal((await participate(s, 'scope-b', '203.0.113.10', 'other')).status, 'accepted');
    t.clock.advance(61 * MINUTE);
    assert.equal((await participate(s, 'scope-a', '203.0.113.10', 'later')).status, 'accepted', 'the window slides');
  });

  test('neighbours on one /24 count together against the prefix cap', async () => {
    const s = t.services.stuffing;
    const verdicts = [];
    for (let i = 1; i <= 6; i++) verdicts.push(await participate(s, 'scope-c', `198.51.100.${i}`, `n${i}`));
    assert.deepEqual(
      verdicts.map((v) => v.status),
      ['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'quarantined'],
    );
    assert.deepEqual(verdicts[5].reasons, ['prefix_cap']);
  });

  test('no raw address is ever written: neither in the rows nor anywhere in the database files', async () => {
    const s = t.services.stuffing;
    await participate(s, 'scope-d', '192.0.2.77', 'raw-check');
    await participate(s, 'scope-d', '2001:db8:feed:beef::77', 'raw-check-6');
    t.db.pragma('wal_checkpoint(PASSIVE)');
    const files = [t.dbFile!, `${t.dbFile}-wal`].map((f) => {
      try {
        return readFileSync(f);
      } catch {
        return Buffer.alloc(0);
      }
    });
    for (const needle of ['192.0.2.77', '192.0.2.0', '2001:db8:feed:beef']) {
      for (const file of files) assert.equal(file.indexOf(needle), -1, `${needle} found in a database file`);
    }
    const row = t.db.prepare("SELECT ip_hash, prefix_hash FROM ip_traces WHERE participation_id = 'raw-check'").get() as {
      ip_hash: Buffer;
      prefix_hash: Buffer;
    };
    assert.equal(row.ip_hash.length, 16);
    assert.notDeepEqual(row.ip_hash, row.prefix_hash);
  });

  test('the key rotates every 30 days and caps still hold across the rotation', async () => {
    const s = t.services.stuffing;
    const scope = 'scope-rotation';
    const strict: StuffingPolicy = { requireVerifiedEmail: false, perIp: { max: 2, windowMinutes: 7 * 24 * 60 }, perPrefix: null };
    const cast = async (id: string) => {
      const fp = await s.fingerprint('203.0.113.99');
      const verdict = await s.assess(scope, 'survey_response', strict, fp);
      await s.record(s.trace(fp, { scope, kind: 'survey_response', id, accountId: null }));
      return { verdict, keyId: fp.keyId };
    };
    const first = await cast('r1');
    t.clock.advance(KEY_LIFETIME + MINUTE);
    const second = await cast('r2');
    assert.notEqual(first.keyId, second.keyId, 'a new key after 30 days');
    const third = await cast('r3');
    // r1 is older than the 7-day window, so only r2 counts before r3: accepted; r4 is the third in the window.
    assert.equal(third.verdict.status, 'accepted');
    assert.equal((await cast('r4')).verdict.status, 'quarantined');
    const keys = await t.store.stuffing.liveKeys();
    assert.equal(keys.filter((k) => k.retiredAt === null).length, 1, 'exactly one key in use');
  });

  test('after 90 days the hashes are erased and the old keys destroyed, physically', async () => {
    const s = t.services.stuffing;
    await participate(s, 'scope-old', '203.0.113.123', 'old-1');
    const before = await t.store.stuffing.liveKeys();
    const oldSecret = before[0].secret;
    // Day 89: still there. Day 91: the trace is gone. Once the key that made it has been retired for
    // 90 days, the key is gone too.
    t.clock.advance(89 * DAY);
    await t.services.retention.run();
    assert.equal(t.count("SELECT count(*) AS n FROM ip_traces WHERE participation_id = 'old-1'"), 1);
    t.clock.advance(2 * DAY);
    const report = await t.services.retention.run();
    assert.ok(report.ipTracesErased >= 1);
    assert.equal(t.count("SELECT count(*) AS n FROM ip_traces WHERE participation_id = 'old-1'"), 0);
    t.clock.advance(120 * DAY);
    await t.services.retention.run();
    const after = await t.store.stuffing.liveKeys();
    assert.ok(!after.some((k) => k.secret.equals(oldSecret)), 'the old key is destroyed');
    assert.equal(t.count('SELECT count(*) AS n FROM ip_traces WHERE created_at < ?', t.clock.now() - 90 * DAY), 0);
    const files = [
      readFileSync(t.dbFile!),
      (() => {
        try {
          return readFileSync(`${t.dbFile}-wal`);
        } catch {
          return Buffer.alloc(0);
        }
      })(),
    ];
    for (const file of files) assert.equal(file.indexOf(oldSecret), -1, 'no byte of the destroyed key remains in the files');
  });
  test('the hourly erasure reads the traces by scope and time, never the whole table', () => {
    // ip_traces has no index on time alone (each participation would write it): the erasure must reach the old
    // traces through ip_traces (scope, created_at), or every hourly run would read every trace of the last 90 days.
    const plan = (t.db.prepare(`EXPLAIN QUERY PLAN ${ERASE_TRACES_BEFORE}`).all(0) as { detail: string }[]).map((row) => row.detail);
    assert.ok(
      plan.some((step) => step.includes('ip_traces_scope (scope=? AND created_at<?)')),
      `the erasure seeks each scope's old traces: ${plan.join(' | ')}`,
    );
    assert.ok(!plan.some((step) => /SCAN ip_traces\b/.test(step)), `no full read of ip_traces: ${plan.join(' | ')}`);
  });
});

describe('IPv6 sites', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('an IPv6 /48 is one site: its /64s count together against the cap per site, and an IPv4 address has none', async () => {
    assert.equal(siteNetwork('2001:db8:aa:bb:1:2:3:4'), '2001:db8:aa::/48');
    assert.equal(siteNetwork('2001:db8::1'), '2001:db8:0::/48');
    assert.equal(siteNetwork('192.0.2.1'), null);
    const sitePolicy: StuffingPolicy = {
      requireVerifiedEmail: false,
      perIp: null,
      perPrefix: { max: 3, windowMinutes: 60 },
      perSite: { max: 5, windowMinutes: 60 },
    };
    const c = await t.addConsultation({ kind: 'vote', settings: { mode: 'single', options: [{ id: 'a', label: 'A' }] }, stuffingPolicy: sitePolicy });
    const cast = (ip: string) =>
      t.services.participations.submit({
        rows: t.store.ballots.rows,
        consultationId: c.id,
        participant: { accountId: null, participantHash: randomBytes(32) },
        policy: sitePolicy,
        ip,
        content: ['a'],
        build: (base, choice): Ballot => ({ ...base, district: null, choice, castAt: base.now, updatedAt: base.now }),
      });
    const records = [];
    for (let i = 1; i <= 7; i++) records.push((await cast(`2001:db8:77:${i}::9`)).record);
    assert.deepEqual(
      records.map((r) => r.status),
      ['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'quarantined', 'quarantined'],
    );
    assert.deepEqual(records[5].reasons, ['site_cap']);
    assert.equal((await cast('2001:db8:78:1::9')).record.status, 'accepted', 'another /48');
    assert.equal((await cast('192.0.2.1')).record.status, 'accepted', 'IPv4: no site');
    assert.equal(evaluateCaps({ ...sitePolicy, perSite: undefined }, { ip: 0, prefix: 0, site: 199 }).status, 'accepted');
    assert.deepEqual(evaluateCaps({ ...sitePolicy, perSite: undefined }, { ip: 0, prefix: 0, site: 200 }).reasons, ['site_cap'], 'the default cap per site');
    assert.equal(evaluateCaps({ ...sitePolicy, perSite: null }, { ip: 0, prefix: 0, site: 1e6 }).status, 'accepted', 'no cap when disabled');
  });
});

describe('IPv6 sites on the ballot path', () => {
  test('seven ballots from seven /64s of one /48: past the cap per site they are quarantined', async () => {
    const t = await createTestApp();
    try {
      const c = await t.addConsultation({
        kind: 'vote',
        settings: {
          mode: 'single',
          options: [
            { id: 'oui', label: 'Oui' },
            { id: 'non', label: 'Non' },
          ],
        },
        stuffingPolicy: {
          requireVerifiedEmail: false,
          perIp: { max: 3, windowMinutes: 60 },
          perPrefix: { max: 3, windowMinutes: 60 },
          perSite: { max: 3, windowMinutes: 60 },
        },
      });
      const statuses = [];
      for (let i = 1; i <= 7; i++) {
        const res = await t.call('PUT', `${consultationPath(c)}/ballot`, {
          json: { choice: ['oui'] },
          ip: `2001:db8:48:${i}::1`,
          headers: { 'civique-participant': newParticipantId() },
        });
        assert.equal(res.status, 201);
        statuses.push(res.body.ballot.status);
      }
      assert.deepEqual(statuses, ['accepted', 'accepted', 'accepted', 'quarantined', 'quarantined', 'quarantined', 'quarantined']);
    } finally {
      await t.close();
    }
  });
});
