import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { signUpStaff, verifyEmail } from '../testing/participation.ts';
import { png } from '../testing/proposals.ts';
import { createTestApp, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';
import { boardPrivacyDurations } from './resources.privacy.ts';
import { THREAD_RETENTION } from './resources.service.ts';

const BOARD = { places: [{ id: 'montjoli', label: { fr: 'Montjoli' } }], premoderation: false, expiryDays: 60 };

describe('resource board: the privacy notice states the durations the code applies', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('the board’s notice says how long posts, relayed texts, threads, images and profiles are kept; a change of `expiryDays` changes it', async () => {
    const board = await t.addConsultation({ kind: 'resources', settings: BOARD, allowAnonymous: false, closesAt: t.clock.now() + 365 * DAY });
    const path = `/v1/tenants/${TENANT}/consultations/${board.slug}`;
    const notice = async () => (await t.call('GET', path)).body.privacyNotice;
    const before = await notice();
    assert.deepEqual(before.purposes, board.privacyNotice.purposes, 'what the staff wrote stays');
    const fr = before.durations.map((line: { fr: string }) => line.fr).join('\n');
    assert.match(fr, /Une annonce expire 60 jours après sa publication/);
    assert.match(fr, new RegExp(`puis ${THREAD_RETENTION / DAY} jours après sa clôture`));
    assert.match(fr, /effacé de la file d’envoi dès sa remise/);
    assert.match(fr, /24 heures/);
    assert.match(fr, /conservé jusqu’à la suppression du compte/);
    assert.match(before.durations[0].en, /A post expires 60 days/);

    const admin = await signUpStaff(t);
    const changed = await t.call('PATCH', path, { token: admin.token, json: { kind: 'resources', settings: { ...BOARD, expiryDays: 30 } } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    t.clock.advance(DAY); // past the consultation cache
    assert.match((await notice()).durations[0].fr, /Une annonce expire 30 jours/);
  });

  test('the thread retention in the notice is the retention rule’s constant', () => {
    assert.match(boardPrivacyDurations({ expiryDays: 60 })[2].fr, /puis 90 jours après/);
    assert.match(boardPrivacyDurations({ expiryDays: 60 }, 120 * DAY)[2].fr, /puis 120 jours après/);
    assert.match(boardPrivacyDurations({ expiryDays: 60 }, 120 * DAY)[2].en, /then 120 days after/);
  });

  test('other kinds’ notices are what their staff wrote, nothing added', async () => {
    const vote = await t.addConsultation();
    const res = await t.call('GET', `/v1/tenants/${TENANT}/consultations/${vote.slug}`);
    assert.deepEqual(res.body.privacyNotice, vote.privacyNotice);
  });

  test('at the board’s retention end its posts, conversations, messages and images are erased; business profiles stay with their accounts', async () => {
    const board = await t.addConsultation({
      kind: 'resources',
      settings: BOARD,
      allowAnonymous: false,
      closesAt: t.clock.now() + 10 * DAY,
      retentionEnd: t.clock.now() + 20 * DAY,
    });
    const path = `/v1/tenants/${TENANT}/consultations/${board.slug}`;
    const business = async (tradeName: string) => {
      const account = await t.signUp();
      verifyEmail(t, account.id);
      const profile = { tradeName, siret: '73282932000074', sector: 'Commerce', commune: 'Montjoli' };
      assert.equal((await t.call('PUT', `/v1/tenants/${TENANT}/me/business-profile`, { token: account.token, json: profile })).status, 200);
      return account;
    };
    const owner = await business('Garage Petit');
    const asker = await business('Fleurs Leroy');
    const imageId = (await t.call('POST', `${path}/resource-images`, { token: owner.token, body: png(3, 3), headers: { 'content-type': 'image/png' } })).body
      .imageId;
    const offer = { direction: 'offer', kind: 'vehicle', title: 'Camionnette', description: 'Le samedi.', place: 'montjoli', paid: false, imageId };
    const post = await t.call('POST', `${path}/resources`, { token: owner.token, json: offer });
    assert.equal(post.status, 201, JSON.stringify(post.body));
    const contact = await t.call('POST', `${path}/resources/${post.body.id}/contact`, {
      token: asker.token,
      json: { message: 'Disponible samedi ?', returnUrl: `${ORIGIN}/entraide.html` },
    });
    assert.equal(contact.status, 201, JSON.stringify(contact.body));
    const left = () =>
      [
        t.count('SELECT count(*) FROM resource_posts WHERE consultation_id = ?', board.id),
        t.count('SELECT count(*) FROM resource_threads WHERE id = ?', contact.body.id),
        t.count('SELECT count(*) FROM resource_messages WHERE thread_id = ?', contact.body.id),
        t.count('SELECT count(*) FROM resource_images WHERE consultation_id = ?', board.id),
        t.count("SELECT count(*) FROM moderation_targets WHERE kind = 'resourcePost' AND target_id = ?", post.body.id),
      ].join();
    assert.equal(left(), '1,1,1,1,1');
    t.clock.advance(19 * DAY);
    await t.services.retention.run();
    assert.equal(left(), '1,1,1,1,1', 'kept until the retention end');
    t.clock.advance(DAY + 1);
    await t.services.retention.run();
    assert.equal(left(), '0,0,0,0,0');
    assert.equal(t.count("SELECT count(*) FROM resource_posts_search WHERE resource_posts_search MATCH 'camionnette'"), 0, 'nor its words in the index');
    assert.equal(t.count('SELECT count(*) FROM business_profiles WHERE account_id IN (?, ?)', owner.id, asker.id), 2);
  });
});
