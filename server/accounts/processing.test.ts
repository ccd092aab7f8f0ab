import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, RETURN_URL, type TestApp } from '../testing/test-app.ts';
import { consultationPath, newParticipantId, signUpStaff, tenantBase } from '../testing/participation.ts';
import { mayProcess, processingFlags } from './processing.ts';

const SMALL = {
  sections: [{ id: 's', title: 'Section' }],
  questions: [
    {
      id: 'q1',
      section: 's',
      type: 'single',
      label: 'Q1',
      options: [
        { id: 'oui', label: 'Oui' },
        { id: 'non', label: 'Non' },
      ],
    },
    { id: 'q2', section: 's', type: 'text', label: 'Q2', max: 200 },
  ],
  profileQuestions: true,
};

describe('restricted and objecting accounts (GDPR art. 18 and 21)', () => {
  let t: TestApp;
  let staff: string;
  let n = 0;
  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t)).token;
  });
  after(() => t.close());

  const respond = (c: { slug: string }, answers: Record<string, unknown>, who: { token?: string; ip?: string; profile?: Record<string, unknown> }) =>
    t.call('PUT', `${consultationPath(c.slug)}/response`, {
      json: { answers, ...(who.profile ? { profile: who.profile } : {}) },
      token: who.token,
      headers: who.token ? {} : { 'civique-participant': newParticipantId() },
      ip: who.ip ?? `198.51.100.${++n}`,
    });
  const textAnswers = async (c: { slug: string }) =>
    (await t.call('GET', `${consultationPath(c.slug)}/survey-results`, { token: staff })).body.questions[1].textAnswers as string[];
  const setFlags = async (token: string, flags: { restricted?: boolean; objected?: boolean }) =>
    assert.equal((await t.call('PATCH', `${tenantBase}/me`, { token, json: flags })).status, 200);

  test('their free text leaves staff survey results, and comes back when they lift the restriction', async () => {
    const c = await t.addConsultation({ kind: 'survey', settings: SMALL });
    const restricted = await t.signUp();
    const objecting = await t.signUp();
    assert.equal((await respond(c, { q1: 'oui', q2: 'Texte de Restreinte-Unique' }, { token: restricted.token })).status, 201);
    assert.equal((await respond(c, { q1: 'non', q2: 'Texte de Opposant-Unique' }, { token: objecting.token })).status, 201);
    assert.equal((await respond(c, { q1: 'oui', q2: 'Texte anonyme' }, {})).status, 201);
    assert.deepEqual(await textAnswers(c), ['Texte de Restreinte-Unique', 'Texte de Opposant-Unique', 'Texte anonyme']);

    await setFlags(restricted.token, { restricted: true });
    await setFlags(objecting.token, { objected: true });
    assert.deepEqual(await textAnswers(c), ['Texte anonyme']);
    const results = (await t.call('GET', `${consultationPath(c.slug)}/survey-results`, { token: staff })).body;
    assert.equal(results.responses, 3, 'their closed answers still count: a participation is not withdrawn by a restriction');

    await setFlags(restricted.token, { restricted: false });
    assert.deepEqual(await textAnswers(c), ['Texte de Restreinte-Unique', 'Texte anonyme']);
  });

  test('their free text leaves the quarantine review too; their closed answers stay to judge by', async () => {
    const c = await t.addConsultation({
      kind: 'survey',
      settings: SMALL,
      stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 1, windowMinutes: 60 }, perPrefix: null },
    });
    const ip = '198.51.100.250';
    const citizen = await t.signUp();
    await setFlags(citizen.token, { restricted: true });
    assert.equal((await respond(c, { q1: 'oui' }, { ip })).body.response.status, 'accepted');
    assert.equal((await respond(c, { q1: 'non', q2: 'Restreint en quarantaine' }, { token: citizen.token, ip })).body.response.status, 'quarantined');
    const list = await t.call('GET', `${consultationPath(c.slug)}/quarantine`, { token: staff });
    assert.deepEqual(list.body.items[0].answers, { q1: 'non' });
  });

  test('their profile stays out of the statistics, whether given in the account or in the survey', async () => {
    const c = await t.addConsultation({ kind: 'survey', settings: SMALL });
    for (let i = 0; i < 5; i++) await respond(c, { q1: 'oui' }, { profile: { gender: 'female' } });
    for (let i = 0; i < 5; i++) {
      const citizen = await t.signUp();
      await setFlags(citizen.token, i % 2 ? { restricted: true } : { objected: true });
      assert.equal((await respond(c, { q1: 'oui' }, { token: citizen.token, profile: { gender: 'male' } })).status, 201);
    }
    const { body } = await t.call('GET', `${consultationPath(c.slug)}/statistics`, { token: staff });
    assert.deepEqual(
      body.dimensions.gender.cells.map((cell: { count: number | null }) => cell.count),
      [5, 0, 0],
    );
  });

  test('security mails are exempt: a restricted account still receives its password reset', async () => {
    const citizen = await t.signUp('restreinte-reset@example.fr');
    await setFlags(citizen.token, { restricted: true, objected: true });
    const account = (await t.store.accounts.get(citizen.id))!;
    assert.equal(mayProcess(processingFlags(account), 'securityMail'), true);
    assert.equal(mayProcess(processingFlags(account), 'notificationMail'), false);
    const res = await t.call('POST', `${tenantBase}/auth/password-reset-request`, { json: { email: citizen.email, returnUrl: RETURN_URL } });
    assert.equal(res.status, 202);
    await t.services.outboxWorker.runOnce();
    assert.ok(t.mailer.sent.some((m) => m.to === citizen.email && /#civique-reset=/.test(m.text ?? '')));
  });
});
