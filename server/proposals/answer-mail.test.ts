import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HOUR } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { anonymous, consultationPath, newParticipantId, signUpStaff } from '../testing/participation.ts';
import { proposalBody, SETTINGS } from '../testing/proposals.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('proposals: the staff view says how each author learns of the answer, and whether the mail went', () => {
  let t: TestApp;
  let c: Consultation;
  let answerer: string;
  const path = (rest: string) => `${consultationPath(c)}${rest}`;
  const submit = async (options: Parameters<TestApp['call']>[2], extra: Record<string, unknown> = {}) => {
    const res = await t.call('POST', path('/proposals'), { ...options, json: proposalBody(extra) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.proposal.id as string;
  };
  const staffView = async (id: string) => {
    const res = await t.call('GET', path('/proposals/staff'), { token: answerer });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const item = res.body.items.find((p: { id: string }) => p.id === id);
    return { notification: item.notification, answerMail: item.answerMail, draft: item.draftAnswer?.status ?? null, answer: item.answerStatus };
  };
  const draft = async (id: string) => {
    const res = await t.call('PUT', path(`/proposals/${id}/answer`), {
      token: answerer,
      json: { status: 'accepted', text: 'Les travaux sont prévus au printemps.', answeringBody: 'Conseil municipal' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const publish = async (ids: string[]) => {
    const res = await t.call('POST', path('/answers/publication'), { token: answerer, json: { proposalIds: ids } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  before(async () => {
    t = await createTestApp();
    c = await t.addConsultation({
      kind: 'proposals',
      settings: SETTINGS,
      stuffingPolicy: { requireVerifiedEmail: false, perIp: null, perPrefix: null, perSite: null },
    });
    answerer = (await signUpStaff(t, 'elu@montjoli.fr', ['answerer'])).token;
  });
  after(() => t.close());

  test('a draft tells no one; a published answer is queued, then sent once the outbox delivers it', async () => {
    const author = await t.signUp();
    const id = await submit({ token: author.token });
    const saved = await draft(id);
    assert.equal(saved.answerMail, null, 'the answer route shows it too');
    assert.deepEqual(await staffView(id), { notification: 'account', answerMail: null, draft: 'accepted', answer: 'none' });
    await publish([id]);
    assert.deepEqual(await staffView(id), { notification: 'account', answerMail: 'pending', draft: null, answer: 'accepted' });
    await t.services.outboxWorker.runOnce();
    assert.deepEqual(await staffView(id), { notification: 'account', answerMail: 'sent', draft: null, answer: 'accepted' });
    // The outbox erases finished mails after a while; the state stays known.
    t.db.prepare('DELETE FROM outbox').run();
    assert.equal((await staffView(id)).answerMail, 'sent');
  });

  test('a mail the outbox gives up on shows as failed; no address, or one never confirmed, shows no mail', async () => {
    const author = await t.signUp();
    const failing = await submit({ token: author.token });
    const noAddress = await submit(anonymous(newParticipantId()));
    const unconfirmed = await submit(anonymous(newParticipantId()), { email: 'jamais-confirmee@example.fr' });
    await t.services.outboxWorker.runOnce();
    for (const id of [failing, noAddress, unconfirmed]) await draft(id);
    await publish([failing, noAddress, unconfirmed]);
    t.mailer.failNext = 100;
    for (let attempt = 0; attempt < 8; attempt++) {
      await t.services.outboxWorker.runOnce();
      t.clock.advance(HOUR);
    }
    t.mailer.failNext = 0;
    assert.equal((await staffView(failing)).answerMail, 'failed');
    assert.deepEqual(await staffView(noAddress), { notification: 'none', answerMail: null, draft: null, answer: 'accepted' });
    assert.deepEqual(await staffView(unconfirmed), { notification: 'email_pending', answerMail: null, draft: null, answer: 'accepted' });
  });
});
