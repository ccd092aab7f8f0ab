import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { DEFAULT_FLAG_THRESHOLD } from '../moderation/moderation.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { signUpStaff, verifyEmail } from '../testing/participation.ts';
import { createTestApp, GOOD_PASSWORD, TENANT, type TestApp } from '../testing/test-app.ts';

const BOARD = {
  places: [
    { id: 'montjoli', label: { fr: 'Montjoli' } },
    { id: 'val-fleuri', label: { fr: 'Val-Fleuri' } },
  ],
  premoderation: false,
  expiryDays: 60,
};
const PROFILE = { tradeName: 'Boulangerie Martin', siret: '732 829 320 00074', sector: 'Boulangerie', commune: 'Montjoli' };
const OFFER = {
  direction: 'offer',
  kind: 'equipment',
  title: 'Four à pain à prêter',
  description: 'Un four de 2 m², libre le lundi.',
  place: 'montjoli',
  paid: false,
};

describe('resource board', () => {
  let t: TestApp;
  let board: Consultation;
  const base = () => `/v1/tenants/${TENANT}/consultations/${board.slug}/resources`;
  /** A business: signed up, email confirmed, profile saved. */
  const business = async (profile = PROFILE) => {
    const account = await t.signUp();
    verifyEmail(t, account.id);
    const res = await t.call('PUT', `/v1/tenants/${TENANT}/me/business-profile`, { token: account.token, json: profile });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return account;
  };
  const post = async (token: string, json: object = OFFER) => {
    const res = await t.call('POST', base(), { token, json });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; status: string; moderation: string };
  };
  const titles = async (query = '') => ((await t.call('GET', `${base()}${query}`)).body.items as { title: string }[]).map((p) => p.title);

  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());
  const newBoard = async (settings: Record<string, unknown> = BOARD) =>
    (board = await t.addConsultation({
      kind: 'resources',
      settings,
      allowAnonymous: false,
      closesAt: t.clock.now() + 365 * DAY,
      retentionEnd: t.clock.now() + 400 * DAY,
    }));

  test('a business profile needs a valid SIRET (Luhn, or La Poste’s rule); spaces are accepted and dropped', async () => {
    const account = await t.signUp();
    const me = `/v1/tenants/${TENANT}/me/business-profile`;
    assert.deepEqual((await t.call('GET', me, { token: account.token })).body, { profile: null });
    const bad = await t.call('PUT', me, { token: account.token, json: { ...PROFILE, siret: '732 829 320 00075' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'siret');
    const poste = await t.call('PUT', me, { token: account.token, json: { ...PROFILE, siret: '356 000 000 49837' } });
    assert.equal(poste.status, 200, JSON.stringify(poste.body));
    assert.equal(poste.body.profile.siret, '35600000049837');
    assert.equal((await t.call('GET', me)).status, 401, 'my profile is mine');
  });

  test('posting needs an account with a confirmed email and a business profile, and a place of the board', async () => {
    await newBoard();
    assert.equal((await t.call('POST', base(), { json: OFFER })).status, 401);
    const unverified = await t.signUp();
    const refused = await t.call('POST', base(), { token: unverified.token, json: OFFER });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'verified_email_required');
    verifyEmail(t, unverified.id);
    const noProfile = await t.call('POST', base(), { token: unverified.token, json: OFFER });
    assert.equal(noProfile.status, 409);
    assert.equal(noProfile.body.error.code, 'business_profile_required');
    const shop = await business();
    const elsewhere = await t.call('POST', base(), { token: shop.token, json: { ...OFFER, place: 'paris' } });
    assert.equal(elsewhere.status, 400);
    assert.equal(elsewhere.body.error.issues[0].path, 'place');
    const created = await post(shop.token);
    assert.equal(created.status, 'open');
    assert.equal(created.moderation, 'published', 'published at once on a board without review');
  });

  test('the board shows what is published; a board with review shows a post once a moderator publishes it, and no longer once hidden', async () => {
    await newBoard({ ...BOARD, premoderation: true });
    const shop = await business();
    const { id } = await post(shop.token);
    assert.deepEqual(await titles(), [], 'waiting for review');
    assert.equal((await t.call('GET', `${base()}/${id}`)).status, 404, 'nobody else sees it yet');
    assert.equal((await t.call('GET', `${base()}/${id}`, { token: shop.token })).body.moderation, 'submitted', 'its author does');
    const moderator = await signUpStaff(t, undefined, ['moderator']);
    const citizen = await t.signUp();
    assert.equal((await t.call('POST', `${base()}/${id}/moderation`, { token: citizen.token, json: { state: 'published' } })).status, 403);
    const published = await t.call('POST', `${base()}/${id}/moderation`, { token: moderator.token, json: { state: 'published' } });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.deepEqual(await titles(), [OFFER.title]);
    const hidden = await t.call('POST', `${base()}/${id}/moderation`, { token: moderator.token, json: { state: 'hidden', statement: 'Annonce trompeuse' } });
    assert.equal(hidden.status, 200);
    assert.deepEqual(await titles(), []);
  });

  test('a post is flagged through the shared moderation module; enough flags from confirmed emails take it off the board until a moderator decides', async () => {
    await newBoard();
    const shop = await business();
    const { id } = await post(shop.token);
    const flag = (token: string) => t.call('POST', `/v1/tenants/${TENANT}/moderation/resourcePost/${id}/flags`, { token, json: { reason: 'spam' } });
    for (let i = 0; i < DEFAULT_FLAG_THRESHOLD; i++) {
      assert.deepEqual(await titles(), [OFFER.title], `still shown after ${i} flags`);
      const reader = await t.signUp();
      verifyEmail(t, reader.id);
      assert.equal((await flag(reader.token)).status, 201);
    }
    assert.deepEqual(await titles(), [], 'hidden at the threshold');
    assert.equal((await t.call('GET', `${base()}/${id}`, { token: shop.token })).body.moderation, 'hidden', 'its author sees why it is gone');
  });

  test('filters, accent-insensitive search and pages', async () => {
    await newBoard();
    const shop = await business();
    await post(shop.token, { ...OFFER, title: 'Rénover une vitrine', kind: 'staff' });
    t.clock.advance(1000);
    await post(shop.token, { ...OFFER, title: 'Camion frigorifique', kind: 'vehicle', direction: 'request', place: 'val-fleuri', paid: true });
    t.clock.advance(1000);
    await post(shop.token, { ...OFFER, title: 'Local de stockage', kind: 'premises' });
    assert.deepEqual(await titles(), ['Local de stockage', 'Camion frigorifique', 'Rénover une vitrine'], 'newest first');
    assert.deepEqual(await titles('?direction=request'), ['Camion frigorifique']);
    assert.deepEqual(await titles('?kind=staff'), ['Rénover une vitrine']);
    assert.deepEqual(await titles('?place=val-fleuri'), ['Camion frigorifique']);
    assert.deepEqual(await titles('?q=renover'), ['Rénover une vitrine'], '"renover" finds "Rénover"');
    assert.deepEqual(await titles('?q=frigo'), ['Camion frigorifique'], 'words match as prefixes');
    assert.deepEqual(await titles('?q=%22OR%22%20*'), [], 'search syntax typed is only words');
    const first = await t.call('GET', `${base()}?limit=2`);
    assert.equal(first.body.items.length, 2);
    const second = await t.call('GET', `${base()}?limit=2&cursor=${first.body.next}`);
    assert.deepEqual(
      second.body.items.map((p: { title: string }) => p.title),
      ['Rénover une vitrine'],
    );
    assert.equal(second.body.next, null);
  });

  test('posts expire, are renewed or closed by their author only; "available" leaves out closed and expired posts', async () => {
    await newBoard();
    const shop = await business();
    const other = await business({ ...PROFILE, tradeName: 'Garage Dupont' });
    const { id } = await post(shop.token);
    const { id: closing } = await post(shop.token, { ...OFFER, title: 'Remorque' });
    assert.equal((await t.call('PATCH', `${base()}/${id}`, { token: other.token, json: { title: 'Volé' } })).status, 403);
    assert.equal((await t.call('POST', `${base()}/${closing}/closure`, { token: other.token })).status, 403);
    assert.equal((await t.call('POST', `${base()}/${closing}/closure`, { token: shop.token })).body.status, 'closed');
    assert.equal((await t.call('PATCH', `${base()}/${closing}`, { token: shop.token, json: { title: 'Rouverte ?' } })).status, 409);
    assert.deepEqual(await titles('?available=true'), [OFFER.title]);
    t.clock.advance(60 * DAY + 1);
    assert.equal((await t.call('GET', `${base()}/${id}`)).body.status, 'expired');
    // Two months on, the session has expired: the business signs in again.
    const again = await t.call('POST', `/v1/tenants/${TENANT}/auth/sign-in`, { json: { email: shop.email, password: GOOD_PASSWORD } });
    shop.token = again.body.token;
    assert.deepEqual(await titles('?available=true'), []);
    assert.deepEqual(await titles(), ['Remorque', OFFER.title], 'still listed, marked');
    const renewed = await t.call('PATCH', `${base()}/${id}`, { token: shop.token, json: { renew: true } });
    assert.equal(renewed.body.status, 'open', JSON.stringify(renewed.body));
    assert.equal(Date.parse(renewed.body.expiresAt), t.clock.now() + 60 * DAY);
    assert.deepEqual(await titles('?available=true'), [OFFER.title]);
  });

  test('no response names the business’s account or email; its export holds its profile and posts; deleting the account erases them', async () => {
    await newBoard();
    const shop = await business();
    const { id } = await post(shop.token);
    const reader = await t.signUp();
    for (const res of [await t.call('GET', base(), { token: reader.token }), await t.call('GET', `${base()}/${id}`, { token: reader.token })]) {
      const text = JSON.stringify(res.body);
      assert.ok(!text.includes(shop.email) && !text.includes(shop.id), text);
      assert.match(text, /Boulangerie Martin/);
    }
    const exported = await t.call('GET', `/v1/tenants/${TENANT}/me/export`, { token: shop.token });
    assert.equal(exported.body.resources.businessProfile.siret, '73282932000074');
    assert.deepEqual(
      exported.body.resources.posts.map((p: { title: string }) => p.title),
      [OFFER.title],
    );
    const deleted = await t.call('DELETE', `/v1/tenants/${TENANT}/me`, { token: shop.token, json: { password: GOOD_PASSWORD } });
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
    assert.equal(t.count('SELECT count(*) FROM business_profiles WHERE account_id = ?', shop.id), 0);
    assert.equal(t.count('SELECT count(*) FROM resource_posts WHERE account_id = ?', shop.id), 0);
    assert.equal(t.count("SELECT count(*) FROM moderation_targets WHERE kind = 'resourcePost' AND target_id = ?", id), 0);
    assert.deepEqual(await titles(), []);
  });
});
