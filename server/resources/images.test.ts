import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, HOUR } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { verifyEmail } from '../testing/participation.ts';
import { png } from '../testing/proposals.ts';
import { createTestApp, GOOD_PASSWORD, TENANT, type TestApp } from '../testing/test-app.ts';

const BOARD = { places: [{ id: 'montjoli', label: { fr: 'Montjoli' } }], premoderation: false, expiryDays: 60 };
const OFFER = { direction: 'offer', kind: 'equipment', title: 'Four à pain à prêter', description: 'Libre le lundi.', place: 'montjoli', paid: false };
const PROFILE = { tradeName: 'Boulangerie Martin', siret: '73282932000074', sector: 'Boulangerie', commune: 'Montjoli' };

describe('resource board: images on posts (the shared image rules)', () => {
  let t: TestApp;
  let board: Consultation;
  const boardPath = () => `/v1/tenants/${TENANT}/consultations/${board.slug}`;
  const imagePath = (id: string) => `/v1/tenants/${TENANT}/resource-images/${id}`;
  const business = async () => {
    const account = await t.signUp();
    verifyEmail(t, account.id);
    assert.equal((await t.call('PUT', `/v1/tenants/${TENANT}/me/business-profile`, { token: account.token, json: PROFILE })).status, 200);
    return account;
  };
  const upload = (token: string | undefined, body: Buffer, type = 'image/png') =>
    t.call('POST', `${boardPath()}/resource-images`, { token, body, headers: { 'content-type': type } });

  before(async () => {
    t = await createTestApp({ file: true });
    board = await t.addConsultation({
      kind: 'resources',
      settings: BOARD,
      allowAnonymous: false,
      closesAt: t.clock.now() + 365 * DAY,
      retentionEnd: t.clock.now() + 500 * DAY,
    });
  });
  after(() => t.close());

  test('a business uploads an image, attaches it to its post, and everyone is served it from the API origin; no one else may take it', async () => {
    const shop = await business();
    const bytes = png(12, 8);
    const uploaded = await upload(shop.token, bytes);
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    const { imageId } = uploaded.body;
    assert.equal((await t.call('GET', imagePath(imageId), { origin: null })).status, 404, 'not public before a published post uses it');
    const own = await t.call('GET', imagePath(imageId), { token: shop.token });
    assert.equal(own.status, 200, 'its uploader sees it');
    assert.equal(own.headers.get('cache-control'), 'private, no-store');

    const other = await business();
    const stolen = await t.call('POST', `${boardPath()}/resources`, { token: other.token, json: { ...OFFER, imageId } });
    assert.equal(stolen.status, 404);
    assert.equal(stolen.body.error.code, 'resource_image_not_found');

    const posted = await t.call('POST', `${boardPath()}/resources`, { token: shop.token, json: { ...OFFER, imageId } });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    assert.match(posted.body.imageUrl, new RegExp(`^https?://[^/]+/v1/tenants/${TENANT}/resource-images/${imageId}$`));
    const listed = await t.call('GET', `${boardPath()}/resources`);
    assert.equal(listed.body.items[0].imageUrl, posted.body.imageUrl);
    const served = await t.call('GET', new URL(posted.body.imageUrl).pathname, { origin: null });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(served.headers.get('content-length'), String(bytes.length));
    assert.equal(served.body, bytes.toString('utf8'), 'the uploaded bytes');

    const second = await t.call('POST', `${boardPath()}/resources`, { token: shop.token, json: { ...OFFER, title: 'Autre', imageId } });
    assert.equal(second.status, 404, 'one image, one post');
    const removed = await t.call('PATCH', `${boardPath()}/resources/${posted.body.id}`, { token: shop.token, json: { imageId: null } });
    assert.equal(removed.body.imageUrl, null);
  });

  test('wrong magic bytes, a type that is no image, too large or too wide: refused in the one error shape, nothing stored', async () => {
    const shop = await business();
    const before = t.count('SELECT count(*) FROM resource_images');
    const lying = await upload(shop.token, png(8, 8), 'image/jpeg');
    assert.equal(lying.status, 422);
    assert.equal(lying.body.error.code, 'resource_image_invalid');
    assert.equal((await upload(shop.token, Buffer.from('GIF89a, or anything else'))).status, 422);
    const svg = await upload(shop.token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
    assert.equal(svg.status, 415);
    assert.equal(svg.body.error.code, 'resource_image_type');
    const tooBig = await upload(shop.token, Buffer.concat([png(8, 8), Buffer.alloc(1024 * 1024)]));
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.error.code, 'resource_image_too_large');
    const huge = await upload(shop.token, png(4097, 1));
    assert.equal(huge.status, 422);
    assert.match(huge.body.error.message, /4096×4096/);
    assert.equal((await upload(undefined, png(2, 2))).status, 401);
    const noProfile = await t.signUp();
    verifyEmail(t, noProfile.id);
    assert.equal((await upload(noProfile.token, png(2, 2))).body.error.code, 'business_profile_required');
    assert.equal(t.count('SELECT count(*) FROM resource_images'), before);
  });

  test('an image no post uses is erased after 24 hours by the retention job; one a post uses stays', async () => {
    const shop = await business();
    const loose = (await upload(shop.token, png(4, 4))).body.imageId;
    const used = (await upload(shop.token, png(5, 5))).body.imageId;
    assert.equal((await t.call('POST', `${boardPath()}/resources`, { token: shop.token, json: { ...OFFER, imageId: used } })).status, 201);
    t.clock.advance(23 * HOUR);
    await t.services.retention.run();
    assert.equal(t.count('SELECT count(*) FROM resource_images WHERE id = ?', loose), 1, 'kept for 24 hours');
    t.clock.advance(HOUR + 1);
    const report = await t.services.retention.run();
    assert.ok((report.expired.unattachedResourceImages ?? 0) >= 1);
    assert.equal(t.count('SELECT count(*) FROM resource_images WHERE id = ?', loose), 0);
    assert.equal(t.count('SELECT count(*) FROM resource_images WHERE id = ?', used), 1);
  });

  test('the export describes the account’s images; deleting the account erases them, attached or not', async () => {
    const shop = await business();
    const attached = (await upload(shop.token, png(6, 6))).body.imageId;
    const loose = (await upload(shop.token, png(7, 7))).body.imageId;
    const posted = await t.call('POST', `${boardPath()}/resources`, { token: shop.token, json: { ...OFFER, imageId: attached } });
    const exported = (await t.call('GET', `/v1/tenants/${TENANT}/me/export`, { token: shop.token })).body.resources;
    assert.equal(exported.posts[0].imageId, attached);
    assert.deepEqual(
      exported.images.map((i: { id: string; postId: string | null; width: number }) => [i.id, i.postId, i.width]),
      [
        [attached, posted.body.id, 6],
        [loose, null, 7],
      ],
    );
    const deleted = await t.call('DELETE', `/v1/tenants/${TENANT}/me`, { token: shop.token, json: { password: GOOD_PASSWORD } });
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
    assert.equal(t.count('SELECT count(*) FROM resource_images WHERE id IN (?, ?)', attached, loose), 0);
    assert.equal((await t.call('GET', imagePath(attached), { origin: null })).status, 404);
  });
});
