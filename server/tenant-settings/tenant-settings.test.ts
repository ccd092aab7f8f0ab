import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { createTestApp, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';
import { signUpStaff } from '../testing/participation.ts';

const path = `/v1/tenants/${TENANT}/settings`;

describe('tenant settings', () => {
  let t: TestApp;
  let admin: string;
  let citizen: string;
  const patch = (json: Record<string, unknown>, origin?: string) => t.call('PATCH', path, { token: admin, json, origin });

  before(async () => {
    t = await createTestApp();
    admin = (await signUpStaff(t, 'admin@montjoli.fr')).token;
    citizen = (await t.signUp()).token;
  });
  after(() => t.close());

  test('only the tenant’s admin reads and changes them', async () => {
    assert.equal((await t.call('GET', path)).status, 401);
    assert.equal((await t.call('GET', path, { token: citizen })).status, 403);
    assert.equal((await t.call('PATCH', path, { token: citizen, json: { name: 'Piratée' } })).status, 403);
    const res = await t.call('GET', path, { token: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      name: 'Ville de Montjoli',
      logoUrl: null,
      allowedOrigins: res.body.allowedOrigins,
      privacyContact: null,
      defaultRetentionDays: null,
      flagThreshold: null,
    });
  });

  test('name, https logo, privacy contact and default retention; a PATCH changes only what it names', async () => {
    const res = await patch({ logoUrl: 'https://www.montjoli.fr/logo.svg', privacyContact: 'dpo@montjoli.fr', defaultRetentionDays: 365 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const renamed = await patch({ name: 'Commune de Montjoli' });
    assert.deepEqual(
      [renamed.body.name, renamed.body.logoUrl, renamed.body.privacyContact, renamed.body.defaultRetentionDays],
      ['Commune de Montjoli', 'https://www.montjoli.fr/logo.svg', 'dpo@montjoli.fr', 365],
    );
    assert.equal((await t.call('GET', `/v1/tenants/${TENANT}`)).body.name, 'Commune de Montjoli', 'the public view has the new name at once');
    const http = await patch({ logoUrl: 'http://www.montjoli.fr/logo.svg' });
    assert.equal(http.status, 400);
    assert.equal(http.body.error.issues[0].path, 'logoUrl');
    const script = await patch({ logoUrl: 'javascript:alert(1)' });
    assert.equal(script.status, 400);
    assert.equal((await patch({ defaultRetentionDays: 0 })).status, 400);
    const staffOrigins = await patch({ staffOrigins: ['https://console.montjoli.fr'] });
    assert.equal(staffOrigins.status, 400, 'staff origins are not set here');
  });

  test('allowed origins: each a valid origin without a path, stored normalised, applied to CORS at once', async () => {
    const withPath = await patch({ allowedOrigins: [ORIGIN, 'https://www.montjoli.fr/agenda'] });
    assert.equal(withPath.status, 400);
    assert.equal(withPath.body.error.issues[0].path, 'allowedOrigins.1');
    assert.equal((await patch({ allowedOrigins: ['montjoli.fr'] })).status, 400);
    const res = await patch({ allowedOrigins: [ORIGIN, 'https://Mairie.Montjoli.fr:443', 'https://mairie.montjoli.fr'] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.allowedOrigins, [ORIGIN, 'https://mairie.montjoli.fr']);
    const fromNew = await t.call('GET', `/v1/tenants/${TENANT}`, { origin: 'https://mairie.montjoli.fr' });
    assert.equal(fromNew.status, 200);
    assert.equal(fromNew.headers.get('access-control-allow-origin'), 'https://mairie.montjoli.fr');
    await patch({ allowedOrigins: [ORIGIN] });
    assert.equal((await t.call('GET', `/v1/tenants/${TENANT}`, { origin: 'https://mairie.montjoli.fr' })).status, 403, 'a removed origin is refused at once');
  });

  test('the default retention applies to a consultation created without a retention end', async () => {
    const now = t.clock.now();
    const closesAt = new Date(now + 10 * DAY).toISOString();
    const body = {
      slug: 'sans-conservation',
      kind: 'proposals',
      title: 'Vos idées',
      opensAt: new Date(now + DAY).toISOString(),
      closesAt,
      privacyNotice: { purposes: ['Recueillir les idées'], recipients: ['Ville'], retention: '30 jours après la clôture' },
      allowAnonymous: false,
    };
    await patch({ defaultRetentionDays: null });
    const refused = await t.call('POST', `/v1/tenants/${TENANT}/consultations`, { token: admin, json: body });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.issues[0].path, 'retentionEnd');
    await patch({ defaultRetentionDays: 30 });
    const created = await t.call('POST', `/v1/tenants/${TENANT}/consultations`, { token: admin, json: body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.retentionEnd, new Date(Date.parse(closesAt) + 30 * DAY).toISOString());
  });
});
