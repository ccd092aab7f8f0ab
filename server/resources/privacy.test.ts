import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { signUpStaff } from '../testing/participation.ts';
import { createTestApp, TENANT, type TestApp } from '../testing/test-app.ts';
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
});
