import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { signUpStaff, tenantBase } from '../testing/participation.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('the data-rights ledger and the retention ends ahead, for a collectivité’s admins', () => {
  let t: TestApp;
  let admin: string;
  let moderator: string;

  before(async () => {
    t = await createTestApp();
    admin = (await signUpStaff(t, 'admin-registre@montjoli.fr', ['admin'])).token;
    moderator = (await signUpStaff(t, 'modo-registre@montjoli.fr', ['moderator', 'answerer'])).token;
  });
  after(() => t.close());

  test('only an admin reads them; a moderator or answerer, a citizen and the signed-out are refused', async () => {
    const citizen = await t.signUp();
    for (const path of ['/rights-requests', '/retention-ends']) {
      assert.equal((await t.call('GET', `${tenantBase}${path}`, { token: admin })).status, 200, path);
      assert.equal((await t.call('GET', `${tenantBase}${path}`, { token: moderator })).status, 403, path);
      assert.equal((await t.call('GET', `${tenantBase}${path}`, { token: citizen.token })).status, 403, path);
      assert.equal((await t.call('GET', `${tenantBase}${path}`)).status, 401, path);
    }
  });

  test('lists the requests made through this collectivité, each due one month after it came, open, overdue or done; reading it is audited', async () => {
    const start = t.clock.now();
    const citizen = await t.signUp();
    // Self-service, done at once: a download of one's data.
    assert.equal((await t.call('GET', `${tenantBase}/me/export`, { token: citizen.token })).status, 200);
    // A letter, typed in by the operator for this collectivité, and one for another.
    const letter = await t.services.rights.intake(citizen.id, 'rectification', 'montjoli');
    await t.store.tenants.upsert({ id: 'voisine', name: 'Voisine', allowedOrigins: ['https://voisine.fr'], quartiers: [], createdAt: 0 });
    await t.services.rights.intake(citizen.id, 'erasure', 'voisine');
    const ledger = async () => {
      const res = await t.call('GET', `${tenantBase}/rights-requests`, { token: admin });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.requests as { id: string; kind: string; receivedAt: string; dueAt: string; completedAt: string | null; status: string }[];
    };
    const mine = (await ledger()).filter((r) => Date.parse(r.receivedAt) >= start);
    assert.deepEqual(
      mine.map((r) => [r.kind, r.status]),
      [
        ['rectification', 'open'],
        ['access', 'completed'],
      ],
      'newest first, nothing from the other collectivité',
    );
    for (const r of mine) assert.equal(Date.parse(r.dueAt) - Date.parse(r.receivedAt), 30 * DAY);
    assert.equal(JSON.stringify(await ledger()).includes(citizen.email), false, 'no one’s address');

    t.clock.advance(31 * DAY);
    // Re-signed in: a staff session lasts 12 hours.
    admin = (await t.signInStaff('admin-registre@montjoli.fr')).token;
    assert.equal((await ledger()).find((r) => r.id === letter.id)!.status, 'overdue');
    const audited = t.db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'listRightsRequests' AND tenant_id = 'montjoli'").get() as {
      n: number;
    };
    assert.ok(audited.n >= 2);
  });

  test('lists the consultations whose retention end comes within the days asked, soonest first', async () => {
    const now = t.clock.now();
    const soon = await t.addConsultation({ title: 'Bientôt effacée', retentionEnd: now + 10 * DAY });
    const later = await t.addConsultation({ title: 'Plus tard', retentionEnd: now + 60 * DAY });
    await t.addConsultation({ title: 'Déjà passée', retentionEnd: now - DAY });
    const ahead = async (days: number) => {
      const res = await t.call('GET', `${tenantBase}/retention-ends?days=${days}`, { token: admin });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.consultations as { slug: string; retentionEnd: string }[]).map((c) => c.slug);
    };
    assert.deepEqual(await ahead(30), [soon.slug]);
    assert.deepEqual(await ahead(90), [soon.slug, later.slug]);
    const refused = await t.call('GET', `${tenantBase}/retention-ends?days=0`, { token: admin });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'validation_failed');
  });
});
