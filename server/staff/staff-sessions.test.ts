import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, HOUR, MINUTE } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { tenantBase } from '../testing/participation.ts';
import { createTestApp, GOOD_PASSWORD, ORIGIN, STAFF_ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';

const CONSOLE = 'https://console.montjoli.fr';

describe('staff sessions: staff power only from the staff console', () => {
  let t: TestApp;
  let consultation: Consultation;
  const email = 'admin@montjoli.fr';
  const signIn = (origin: string, remember = false) =>
    t.call('POST', `${tenantBase}/auth/sign-in`, { json: { email, password: GOOD_PASSWORD, remember }, origin, ip: '203.0.113.200' });
  const statistics = (token: string, origin: string) => t.call('GET', `${tenantBase}/consultations/${consultation.slug}/statistics`, { token, origin });

  before(async () => {
    t = await createTestApp();
    consultation = await t.addConsultation({
      settings: {
        mode: 'single',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    });
    const { id } = await t.signUp(email);
    await t.store.tenants.setStaffRoles(TENANT, id, ['admin'], t.clock.now());
  });
  after(() => t.close());

  test('signed in on the public site, a staff account is a citizen there: 403 naming the staff origins, no staffOf', async () => {
    const res = await signIn(ORIGIN, true);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.me.staffOf, []);
    // A citizen session: "remember me" keeps it 30 days.
    assert.equal(Date.parse(res.body.expiresAt), t.clock.now() + 30 * DAY);
    const refused = await statistics(res.body.token, ORIGIN);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'forbidden');
    assert.match(refused.body.error.message, new RegExp(`only from the staff console \\(${STAFF_ORIGIN}\\)`));
    // Even sent with the console's Origin, a session opened on the public site carries no staff power.
    assert.equal((await statistics(res.body.token, STAFF_ORIGIN)).status, 403);
  });

  test('signed in from the API’s own origin: a staff session of 12 hours, whatever "remember me" says', async () => {
    const res = await signIn(STAFF_ORIGIN, true);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.me.staffOf, [{ tenant: TENANT, roles: ['admin'] }]);
    assert.equal(Date.parse(res.body.expiresAt), t.clock.now() + 12 * HOUR);
    const token = res.body.token;
    assert.equal((await statistics(token, STAFF_ORIGIN)).status, 200);
    // The same token used from the public site: a citizen there.
    const fromPublic = await statistics(token, ORIGIN);
    assert.equal(fromPublic.status, 403);
    assert.deepEqual((await t.call('GET', `${tenantBase}/me`, { token, origin: ORIGIN })).body.staffOf, []);
    t.clock.advance(12 * HOUR - MINUTE);
    assert.equal((await statistics(token, STAFF_ORIGIN)).status, 200);
    t.clock.advance(MINUTE);
    assert.equal((await statistics(token, STAFF_ORIGIN)).status, 401);
  });

  test('an origin the admin lists as a staff origin is the console too; until then it is refused', async () => {
    const before = await signIn(CONSOLE);
    assert.equal(before.status, 403);
    assert.equal(before.body.error.code, 'origin_not_allowed');
    const tenant = (await t.store.tenants.get(TENANT))!;
    await t.services.tenants.upsert({ ...tenant, staffOrigins: [CONSOLE] });
    const res = await signIn(CONSOLE);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), CONSOLE);
    assert.deepEqual(res.body.me.staffOf, [{ tenant: TENANT, roles: ['admin'] }]);
    assert.equal((await statistics(res.body.token, CONSOLE)).status, 200);
    const refused = await statistics((await signIn(ORIGIN)).body.token, ORIGIN);
    assert.match(refused.body.error.message, new RegExp(`${STAFF_ORIGIN}, ${CONSOLE}`));
  });

  test('a citizen signing in from the console keeps a citizen session (30 days when remembered)', async () => {
    const citizen = await t.signUp('citoyenne@example.fr');
    const res = await t.call('POST', `${tenantBase}/auth/sign-in`, {
      json: { email: citizen.email, password: GOOD_PASSWORD, remember: true },
      origin: STAFF_ORIGIN,
      ip: '203.0.113.201',
    });
    assert.equal(Date.parse(res.body.expiresAt), t.clock.now() + 30 * DAY);
    assert.deepEqual(res.body.me.staffOf, []);
    assert.equal(t.count('SELECT count(*) FROM sessions WHERE staff = 1 AND account_id = ?', citizen.id), 0);
  });
});
