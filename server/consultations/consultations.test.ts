import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { signUpStaff } from '../testing/participation.ts';
import { createTestApp, TENANT, type TestApp } from '../testing/test-app.ts';

const base = `/v1/tenants/${TENANT}`;

describe('consultations', () => {
  let t: TestApp;
  let staff: string;
  let citizen: string;
  const body = (overrides: Record<string, unknown> = {}) => {
    const now = t.clock.now();
    return {
      slug: 'vote-piscine',
      kind: 'vote',
      title: 'Horaires de la piscine',
      description: 'Votre avis sur les horaires d’été.',
      opensAt: new Date(now + DAY).toISOString(),
      closesAt: new Date(now + 10 * DAY).toISOString(),
      retentionEnd: new Date(now + 100 * DAY).toISOString(),
      privacyNotice: { purposes: ['Compter les votes'], recipients: ['Ville de Montjoli'], retention: '3 mois après la clôture' },
      allowAnonymous: true,
      settings: {
        mode: 'single',
        options: [
          { id: 'matin', label: '8 h – 13 h' },
          { id: 'soir', label: '14 h – 20 h' },
        ],
      },
      ...overrides,
    };
  };

  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t, 'agent@montjoli.fr')).token;
    citizen = (await t.signUp()).token;
  });
  after(() => t.close());

  test('only the tenant’s staff may create one', async () => {
    assert.equal((await t.call('POST', `${base}/consultations`, { json: body() })).status, 401);
    const forbidden = await t.call('POST', `${base}/consultations`, { token: citizen, json: body() });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    const created = await t.call('POST', `${base}/consultations`, { token: staff, json: body() });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'upcoming');
    assert.deepEqual(created.body.stuffingPolicy.perIp, { max: 20, windowMinutes: 1440 });
    const again = await t.call('POST', `${base}/consultations`, { token: staff, json: body() });
    assert.equal(again.status, 409);
  });

  test('staff of another tenant may not touch it', async () => {
    await t.store.tenants.upsert({ id: 'voisine', name: 'Voisine', allowedOrigins: ['https://voisine.fr'], quartiers: [], createdAt: 0 });
    const other = await signUpStaff(t, 'agent@voisine.fr', ['admin'], 'voisine');
    const res = await t.call('PATCH', `${base}/consultations/vote-piscine`, { token: other.token, json: { title: 'Piraté' } });
    assert.equal(res.status, 403);
  });

  test('dates must make sense', async () => {
    const now = t.clock.now();
    const res = await t.call('POST', `${base}/consultations`, {
      token: staff,
      json: body({ slug: 'dates', closesAt: new Date(now).toISOString() }),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error.issues[0], { path: 'closesAt', message: 'The closing date must come after the opening date', code: 'closes_before_opens' });
    const retention = await t.call('POST', `${base}/consultations`, {
      token: staff,
      json: body({ slug: 'dates', retentionEnd: new Date(now + 2 * DAY).toISOString() }),
    });
    assert.equal(retention.body.error.issues[0].path, 'retentionEnd');
    assert.equal(retention.body.error.issues[0].code, 'retention_before_close', 'a code the console says in French');
  });

  test('anyone reads it with its status and privacy notice; staff-only fields stay hidden', async () => {
    const res = await t.call('GET', `${base}/consultations/vote-piscine`);
    assert.equal(res.status, 200);
    assert.equal(res.body.privacyNotice.retention, '3 mois après la clôture');
    assert.equal(res.body.stuffingPolicy, undefined);
    t.clock.advance(2 * DAY);
    assert.equal((await t.call('GET', `${base}/consultations/vote-piscine`)).body.status, 'open');
    t.clock.advance(10 * DAY);
    assert.equal((await t.call('GET', `${base}/consultations/vote-piscine`)).body.status, 'closed');
    const list = await t.call('GET', `${base}/consultations`);
    assert.ok(list.body.consultations.some((c: { slug: string }) => c.slug === 'vote-piscine'));
    const missing = await t.call('GET', `${base}/consultations/inconnue`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'consultation_not_found');
  });

  test('settings that do not fit the kind are refused with their path', async () => {
    const signIn = { body: await t.signInStaff('agent@montjoli.fr') };
    const res = await t.call('POST', `${base}/consultations`, {
      token: signIn.body.token,
      json: body({ slug: 'sans-options', settings: { mode: 'single' } }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.issues[0].path, 'settings.options');
  });

  test('staff change it', async () => {
    // The clock moved 12 days in the previous test: the agent's browser session has expired.
    const signIn = { body: await t.signInStaff('agent@montjoli.fr') };
    const res = await t.call('PATCH', `${base}/consultations/vote-piscine`, { token: signIn.body.token, json: { title: 'Horaires d’été de la piscine' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.title, 'Horaires d’été de la piscine');
    assert.equal(res.body.kind, 'vote');
    assert.equal(res.body.description, 'Votre avis sur les horaires d’été.', 'a PATCH changes only what it names');
    assert.equal(res.body.settings.options.length, 2);
  });

  test('closing early applies at once to ballots, though consultations are cached', async () => {
    const signIn = { body: await t.signInStaff('agent@montjoli.fr') };
    const now = t.clock.now();
    const created = await t.call('POST', `${base}/consultations`, {
      token: signIn.body.token,
      json: body({ slug: 'vote-cloture', opensAt: new Date(now - DAY).toISOString() }),
    });
    assert.equal(created.status, 201);
    const ballot = (participant: string) =>
      t.call('PUT', `${base}/consultations/vote-cloture/ballot`, { json: { choice: ['matin'] }, headers: { 'civique-participant': participant } });
    assert.equal((await ballot('participant-aaaaaaaaaaaaaaaaaaaa')).status, 201);
    const closed = await t.call('PATCH', `${base}/consultations/vote-cloture`, {
      token: signIn.body.token,
      json: { closesAt: new Date(now).toISOString() },
    });
    assert.equal(closed.status, 200);
    const late = await ballot('participant-bbbbbbbbbbbbbbbbbbbb');
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'consultation_closed');
  });
});
