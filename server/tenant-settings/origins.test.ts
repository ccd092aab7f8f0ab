import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MINUTE } from '../clock.ts';
import { signUpStaff, tenantBase } from '../testing/participation.ts';
import { createTestApp, GOOD_PASSWORD, TENANT, type TestApp } from '../testing/test-app.ts';

const INTRANET = 'https://intranet.montjoli.fr';

describe('a tenant’s origins over HTTP (admins)', () => {
  let t: TestApp;
  let admin: { token: string; id: string };
  before(async () => {
    t = await createTestApp();
    admin = await signUpStaff(t, 'maire@montjoli.fr', ['admin']);
  });
  after(() => t.close());

  const signInFrom = (origin: string) =>
    t.call('POST', `${tenantBase}/auth/sign-in`, { json: { email: 'maire@montjoli.fr', password: GOOD_PASSWORD }, origin, ip: '203.0.113.9' });

  test('an admin lists the intranet as a staff origin: stored normalised, audited under the admin, and staff sign in from there', async () => {
    assert.equal((await signInFrom(INTRANET)).status, 403, 'refused before');
    const res = await t.call('POST', `${tenantBase}/origins`, { token: admin.token, json: { list: 'staff', origin: 'https://Intranet.Montjoli.fr:443/' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.staffOrigins, [INTRANET]);
    assert.deepEqual((await t.store.tenants.get(TENANT))!.staffOrigins, [INTRANET]);
    const event = t.db.prepare(`SELECT * FROM audit_events WHERE action = 'origins add' ORDER BY id DESC LIMIT 1`).get() as Record<string, unknown>;
    assert.equal(event.account_id, admin.id);
    assert.deepEqual(JSON.parse(String(event.after)), { staffOrigins: [INTRANET] });
    // The API's tenant cache keeps an entry a few seconds.
    t.clock.advance(MINUTE);
    const signedIn = await signInFrom(INTRANET);
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.deepEqual(signedIn.body.me.staffOf, [{ tenant: TENANT, roles: ['admin'] }]);
    assert.deepEqual((await t.call('GET', `${tenantBase}/origins`, { token: admin.token })).body.staffOrigins, [INTRANET]);
  });

  test('an origin with a path, or one not listed, is a 400 on `origin` that changes nothing', async () => {
    const before = await t.store.tenants.get(TENANT);
    const withPath = await t.call('POST', `${tenantBase}/origins`, { token: admin.token, json: { list: 'allowed', origin: 'https://montjoli.fr/agenda' } });
    assert.equal(withPath.status, 400);
    assert.equal(withPath.body.error.issues[0].path, 'origin');
    const absent = await t.call('DELETE', `${tenantBase}/origins`, { token: admin.token, json: { list: 'staff', origin: 'https://absent.fr' } });
    assert.equal(absent.status, 400);
    assert.match(absent.body.error.message, /is not a staff origin/);
    assert.deepEqual(await t.store.tenants.get(TENANT), before);
  });

  test('removing an allowed origin', async () => {
    await t.call('POST', `${tenantBase}/origins`, { token: admin.token, json: { list: 'allowed', origin: 'https://quartiers.montjoli.fr' } });
    const res = await t.call('DELETE', `${tenantBase}/origins`, { token: admin.token, json: { list: 'allowed', origin: 'https://quartiers.montjoli.fr' } });
    assert.equal(res.status, 200);
    assert.ok(!res.body.allowedOrigins.includes('https://quartiers.montjoli.fr'));
    assert.ok(t.count(`SELECT count(*) FROM audit_events WHERE action = 'origins remove' AND account_id = ?`, admin.id) === 1);
  });
});
