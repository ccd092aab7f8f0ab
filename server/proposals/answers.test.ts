import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Consultation } from '../consultations/consultations.store.ts';
import { createSmtpMailer } from '../mail/mailer.ts';
import { anonymous, consultationPath, newParticipantId, signUpStaff, tenantBase, verifyEmail } from '../testing/participation.ts';
import { decodeBody, startSmtpListener } from '../testing/smtp.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { proposalBody, SETTINGS } from '../testing/proposals.ts';

const token = (body: string, fragment: string) => {
  const match = new RegExp(`#civique-${fragment}=([A-Za-z0-9_-]+)`).exec(body);
  if (!match) throw new Error(`no ${fragment} link in:\n${body}`);
  return match[1];
};

describe('proposals: moderation, supports, answers and their mails', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let t: TestApp;
  let c: Consultation;
  let moderator: string;
  let answerer: string;
  const path = (rest = '', consultation = c) => `${consultationPath(consultation)}${rest}`;
  const submit = async (options: Parameters<TestApp['call']>[2], extra: Record<string, unknown> = {}) => {
    const res = await t.call('POST', path('/proposals'), { ...options, json: proposalBody(extra) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { proposal: { id: string }; emailConfirmation: string };
  };
  const draft = (id: string, json: Record<string, unknown> = {}) =>
    t.call('PUT', path(`/proposals/${id}/answer`), {
      token: answerer,
      json: { status: 'accepted', text: 'Les travaux sont prévus au printemps.', answeringBody: 'Conseil municipal du 12 mars', ...json },
    });
  const publish = (ids: string[]) => t.call('POST', path('/answers/publication'), { token: answerer, json: { proposalIds: ids } });
  const delivered = async () => {
    const before = smtp.received.length;
    await t.services.outboxWorker.runOnce();
    return smtp.received.slice(before);
  };

  before(async () => {
    smtp = await startSmtpListener();
    t = await createTestApp({ deps: { mailer: createSmtpMailer(smtp.url, 'Civique <no-reply@montjoli.test>') } });
    c = await t.addConsultation({
      kind: 'proposals',
      settings: SETTINGS,
      stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 2, windowMinutes: 1440 }, perPrefix: null, perSite: null },
    });
    moderator = (await signUpStaff(t, 'moderation-idees@montjoli.fr', ['moderator'])).token;
    answerer = (await signUpStaff(t, 'elu@montjoli.fr', ['answerer'])).token;
    await delivered();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('an anonymous address gets nothing before it confirms; then the answer arrives by SMTP with the deep link and its own see/export/erase link', async () => {
    const unconfirmed = await submit(anonymous(newParticipantId()), { email: 'sans-confirmation@example.fr', title: 'Un banc' });
    const id = newParticipantId();
    const sent = await submit(anonymous(id), { email: 'camille@example.fr', locale: 'fr' });
    assert.equal(sent.emailConfirmation, 'pending');
    const confirmations = await delivered();
    assert.deepEqual(confirmations.map((m) => m.to[0]).sort(), ['camille@example.fr', 'sans-confirmation@example.fr']);
    const confirmMail = decodeBody(confirmations.find((m) => m.to[0] === 'camille@example.fr')!.raw);
    const confirmToken = token(confirmMail, 'proposal-confirm');

    // Both answered; only the confirmed address will be told.
    for (const p of [unconfirmed, sent]) assert.equal((await draft(p.proposal.id)).status, 200);
    const before = await t.call('GET', path(`/proposals/${sent.proposal.id}`));
    assert.equal(before.body.answer, null, 'a draft answer is not public');
    assert.equal(before.body.answerStatus, 'none');
    const confirmed = await t.call('POST', `${tenantBase}/proposal-subscriptions/confirmation`, { json: { token: confirmToken } });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.deepEqual(confirmed.body, { proposalId: sent.proposal.id, slug: c.slug });

    const published = await publish([unconfirmed.proposal.id, sent.proposal.id]);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.deepEqual(published.body, { published: [unconfirmed.proposal.id, sent.proposal.id], mails: 1 });
    const after = await t.call('GET', path(`/proposals/${sent.proposal.id}`));
    assert.equal(after.body.answerStatus, 'accepted');
    assert.equal(after.body.answer.answeringBody, 'Conseil municipal du 12 mars');

    const answers = await delivered();
    assert.deepEqual(
      answers.map((m) => m.to[0]),
      ['camille@example.fr'],
    );
    const raw = answers[0].raw;
    assert.match(raw, /Content-Type: text\/plain/i);
    assert.match(raw, /Content-Type: text\/html/i);
    const body = decodeBody(raw);
    assert.match(body, /Les travaux sont pr/);
    assert.match(body, /Conseil municipal du 12 mars/);
    assert.ok(body.includes(`/idees.html#civique-proposal=${sent.proposal.id}`), body);
    const manage = token(body, 'proposal-subscription');

    const seen = await t.call('GET', `${tenantBase}/proposal-subscriptions/${manage}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.email, 'camille@example.fr');
    assert.equal(seen.body.confirmed, true);
    assert.equal(seen.body.proposal.id, sent.proposal.id);
    assert.equal((await t.call('GET', `${tenantBase}/proposal-subscriptions/${confirmToken}`)).status, 404, 'each mail’s token replaces the previous one');
    const exported = await t.call('GET', `${tenantBase}/proposal-subscriptions/${manage}/export`);
    assert.match(exported.headers.get('content-disposition')!, /attachment/);
    assert.equal((await t.call('DELETE', `${tenantBase}/proposal-subscriptions/${manage}`)).status, 204);
    assert.equal((await t.call('GET', `${tenantBase}/proposal-subscriptions/${manage}`)).status, 404);
    assert.deepEqual(t.db.prepare("SELECT count(*) AS n FROM proposal_subscriptions WHERE email = 'camille@example.fr'").get(), { n: 0 });
    // Only the hash of a token is stored.
    assert.equal(JSON.stringify(t.db.prepare('SELECT * FROM proposal_subscriptions').all()).includes(manage), false);
  });

  test('an account author is told in their language; a restricted or objecting author is not, but their rejection is always mailed', async () => {
    const english = await t.signUp();
    t.db.prepare("UPDATE accounts SET locale = 'en' WHERE id = ?").run(english.id);
    const restricted = await t.signUp();
    t.db.prepare('UPDATE accounts SET restricted_at = ? WHERE id = ?').run(t.clock.now(), restricted.id);
    const objecting = await t.signUp();
    t.db.prepare('UPDATE accounts SET objected_at = ? WHERE id = ?').run(t.clock.now(), objecting.id);
    const ids = [];
    for (const who of [english, restricted, objecting]) ids.push((await submit({ token: who.token })).proposal.id);
    for (const id of ids) await draft(id, { status: 'under_study' });
    await delivered();
    const published = await publish(ids);
    assert.equal(published.body.mails, 1);
    const mails = await delivered();
    assert.deepEqual(
      mails.map((m) => m.to[0]),
      [english.email],
    );
    assert.match(decodeBody(mails[0].raw), /Your proposal .* has an official answer/s);
    assert.match(decodeBody(mails[0].raw), /under study/);

    const rejectMe = (await submit({ token: restricted.token }, { title: 'Hors sujet' })).proposal.id;
    const noStatement = await t.call('POST', path(`/proposals/${rejectMe}/moderation`), { token: moderator, json: { state: 'rejected' } });
    assert.equal(noStatement.status, 409, 'published content can only be hidden');
    const premod = await t.addConsultation({ kind: 'proposals', settings: { ...SETTINGS, premoderation: true } });
    const res = await t.call('POST', path('/proposals', premod), { token: restricted.token, json: proposalBody({ title: 'Hors sujet' }) });
    const pid = res.body.proposal.id;
    const missing = await t.call('POST', path(`/proposals/${pid}/moderation`, premod), { token: moderator, json: { state: 'rejected' } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'moderation_statement_required');
    const rejected = await t.call('POST', path(`/proposals/${pid}/moderation`, premod), {
      token: moderator,
      json: { state: 'rejected', statement: 'Cette idée relève de la région.' },
    });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    const mine = await t.call('GET', path(`/proposals/${pid}`, premod), { token: restricted.token });
    assert.equal(mine.body.moderation, 'rejected');
    assert.equal(mine.body.rejectionReason, 'Cette idée relève de la région.');
    assert.equal((await t.call('GET', path(`/proposals/${pid}`, premod))).status, 404);
    const rejection = await delivered();
    assert.deepEqual(
      rejection.map((m) => m.to[0]),
      [restricted.email],
      'the statement of reasons reaches even a restricted account',
    );
    assert.match(decodeBody(rejection[0].raw), /Cette id.{1,4}e rel.{1,4}ve de la r.{1,4}gion/);
    const audit = t.db.prepare("SELECT action FROM audit_events WHERE action IN ('moderateProposal', 'publishAnswers', 'answerProposal')").all() as {
      action: string;
    }[];
    assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), ['answerProposal', 'moderateProposal', 'publishAnswers']);
  });

  test('the answer and its mails are one transaction: when the mail cannot be written, the answer is not published', async () => {
    const author = await t.signUp();
    const id = (await submit({ token: author.token })).proposal.id;
    await draft(id);
    await delivered();
    t.db.exec("CREATE TEMP TRIGGER outbox_full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END");
    try {
      const res = await publish([id]);
      assert.equal(res.status, 500);
    } finally {
      t.db.exec('DROP TRIGGER outbox_full');
    }
    const staff = await t.call('GET', path('/proposals/staff?answer=none'), { token: answerer });
    const item = staff.body.items.find((i: { id: string }) => i.id === id);
    assert.equal(item.answerStatus, 'none');
    assert.equal(item.draftAnswer.status, 'accepted', 'the draft is still there to publish again');
    assert.deepEqual((await publish([id])).body, { published: [id], mails: 1 });
    assert.equal((await publish([id])).status, 409, 'nothing left to publish');
  });

  test('supports: one per participant, withdrawn, listed as mine; the caps count per proposal, not per consultation', async () => {
    const author = await t.signUp();
    const x = (await submit({ token: author.token }, { title: 'Idée X' })).proposal.id;
    const y = (await submit({ token: author.token }, { title: 'Idée Y' })).proposal.id;
    const household = [newParticipantId(), newParticipantId(), newParticipantId()];
    const support = (id: string, who: string) => t.call('PUT', path(`/proposals/${id}/support`), anonymous(who, { json: {}, ip: '203.0.113.9' }));
    assert.deepEqual((await support(x, household[0])).body, { supportCount: 1, supported: true, status: 'accepted' });
    assert.deepEqual((await support(x, household[0])).body, { supportCount: 1, supported: true, status: 'accepted' }, 'once per participant');
    assert.deepEqual((await support(x, household[1])).body, { supportCount: 2, supported: true, status: 'accepted' });
    assert.deepEqual((await support(x, household[2])).body, { supportCount: 2, supported: true, status: 'quarantined' }, 'over the cap of 2 per IP');
    // The same household supporting another proposal is counted on that proposal only.
    assert.deepEqual((await support(y, household[0])).body, { supportCount: 1, supported: true, status: 'accepted' });
    assert.deepEqual((await support(y, household[1])).body, { supportCount: 2, supported: true, status: 'accepted' });
    const bot = await t.call(
      'PUT',
      path(`/proposals/${y}/support`),
      anonymous(newParticipantId(), { json: { website: 'http://spam.example' }, ip: '198.51.100.200' }),
    );
    assert.deepEqual(bot.body, { supportCount: 2, supported: true, status: 'quarantined' }, 'a filled honeypot is held back, without an error');
    const mine = await t.call('GET', path('/my-supports'), anonymous(household[0]));
    assert.deepEqual(mine.body.proposalIds.sort(), [x, y].sort());
    const withdrawn = await t.call('DELETE', path(`/proposals/${y}/support`), anonymous(household[0]));
    assert.deepEqual(withdrawn.body, { supportCount: 1, supported: false, status: null });
    assert.equal((await t.call('DELETE', path(`/proposals/${y}/support`), anonymous(household[0]))).status, 404);
    assert.equal((await t.call('GET', path(`/proposals/${x}`))).body.supportCount, 2);
    const sorted = await t.call('GET', path('/proposals?sort=supported&limit=2'));
    assert.equal(sorted.body.items[0].id, x);
  });

  test('quarantined supports are reviewed by staff like ballots: listed with their proposal, clustered, previewed, then counted', async () => {
    const author = await t.signUp();
    const z = (await submit({ token: author.token }, { title: 'Idée Z' })).proposal.id;
    const support = (who: string, host: number) => t.call('PUT', path(`/proposals/${z}/support`), anonymous(who, { json: {}, ip: `192.0.2.${host}` }));
    for (const host of [1, 1, 1, 1]) await support(newParticipantId(), host);
    assert.equal((await t.call('GET', path(`/proposals/${z}`))).body.supportCount, 2, 'two counted, two held back');

    const queue = await t.call('GET', path('/quarantine'), { token: moderator });
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    const mine = queue.body.items.filter((i: { proposal?: { id: string } }) => i.proposal?.id === z);
    assert.equal(mine.length, 2);
    assert.deepEqual(
      { kind: mine[0].kind, participant: mine[0].participant, reasons: mine[0].reasons, proposal: mine[0].proposal },
      { kind: 'proposalSupport', participant: 'anonymous', reasons: ['ip_cap'], proposal: { id: z, title: 'Idée Z' } },
    );
    assert.ok(queue.body.quarantined >= 2);

    const clusters = await t.call('GET', path('/quarantine/clusters'), { token: moderator });
    const cluster = clusters.body.clusters.find((cl: { count: number }) => cl.count === 2);
    assert.ok(cluster, JSON.stringify(clusters.body));
    const preview = await t.call('POST', path(`/quarantine/clusters/${cluster.cluster}/preview`), { token: moderator, json: { decision: 'accept' } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual(preview.body.before.proposals, [{ id: z, title: 'Idée Z', supportCount: 2 }]);
    assert.deepEqual(preview.body.after.proposals, [{ id: z, title: 'Idée Z', supportCount: 4 }]);
    assert.equal((await t.call('GET', path(`/proposals/${z}`))).body.supportCount, 2, 'a preview counts nothing');

    const one = mine[0].id;
    const accepted = await t.call('POST', path(`/quarantine/${one}`), { token: moderator, json: { decision: 'accept' } });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal((await t.call('GET', path(`/proposals/${z}`))).body.supportCount, 3, 'an accepted support counts on its proposal');
    const again = await t.call('POST', path(`/quarantine/${one}`), { token: moderator, json: { decision: 'accept' } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'proposal_support_not_quarantined');
    assert.equal((await t.call('POST', path('/quarantine/999999'), { token: moderator, json: { decision: 'accept' } })).status, 404);
    const rest = await t.call('POST', path(`/quarantine/clusters/${cluster.cluster}`), {
      token: moderator,
      json: { decision: 'accept', participationIds: preview.body.participationIds },
    });
    assert.deepEqual(rest.body, { cluster: cluster.cluster, decision: 'accept', reviewed: 1, skipped: 0 });
    assert.equal((await t.call('GET', path(`/proposals/${z}`))).body.supportCount, 4);
  });

  test('flags go through the shared moderation: signed in, a reason from the list; three confirmed flags hide the proposal', async () => {
    const author = await t.signUp();
    const id = (await submit({ token: author.token }, { title: 'Signalée' })).proposal.id;
    assert.equal((await t.call('POST', path(`/proposals/${id}/flags`), { json: { reason: 'spam' } })).status, 401);
    const reasonless = await t.call('POST', path(`/proposals/${id}/flags`), { token: (await t.signUp()).token, json: { reason: 'boring' } });
    assert.equal(reasonless.status, 400);
    for (let i = 0; i < 3; i++) {
      const citizen = await t.signUp();
      verifyEmail(t, citizen.id);
      const res = await t.call('POST', path(`/proposals/${id}/flags`), { token: citizen.token, json: { reason: 'hateful' } });
      assert.equal(res.status, 201);
      assert.equal(res.body.hidden, i === 2);
    }
    assert.equal((await t.call('GET', path(`/proposals/${id}`))).status, 404);
    const queue = await t.call('GET', `${tenantBase}/moderation/queue?kind=proposal&state=hidden`, { token: moderator });
    assert.ok(queue.body.items.some((i: { targetId: string }) => i.targetId === id));
  });
});
