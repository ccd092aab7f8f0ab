import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { anonymous, consultationPath, newParticipantId, signUpStaff, tenantBase } from '../testing/participation.ts';
import { proposalBody, SETTINGS } from '../testing/proposals.ts';
import { seedDemo } from '../seed/demo.ts';
import { createTestApp, GOOD_PASSWORD, type TestApp } from '../testing/test-app.ts';

describe('proposals: data rights, search and the copy to a budget', () => {
  let t: TestApp;
  let c: Consultation;
  let admin: string;
  let answerer: string;
  const path = (rest = '', consultation = c) => `${consultationPath(consultation)}${rest}`;
  const submit = async (token: string, extra: Record<string, unknown> = {}, consultation = c) => {
    const res = await t.call('POST', path('/proposals', consultation), { token, json: proposalBody(extra) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.proposal.id as string;
  };

  before(async () => {
    t = await createTestApp();
    c = await t.addConsultation({ kind: 'proposals', settings: SETTINGS });
    admin = (await signUpStaff(t, 'admin-idees@montjoli.fr', ['admin'])).token;
    answerer = (await signUpStaff(t, 'reponses@montjoli.fr', ['answerer'])).token;
  });
  after(() => t.close());

  test('the export lists my proposals and supports; deleting my account keeps my proposals without author, or deletes them, as I choose', async () => {
    const keeper = await t.signUp();
    const kept = await submit(keeper.token, { title: 'Une fontaine', contactConsent: true });
    const leaver = await t.signUp();
    const deleted = await submit(leaver.token, { title: 'Un kiosque' });
    assert.equal((await t.call('PUT', path(`/proposals/${kept}/support`), { token: leaver.token, json: {} })).body.supportCount, 1);

    const exported = await t.call('GET', `${tenantBase}/me/export`, { token: keeper.token });
    assert.equal(exported.status, 200);
    assert.equal(exported.body.proposals.proposals[0].title, 'Une fontaine');
    assert.equal(exported.body.proposals.proposals[0].contactConsent, true);
    const leaverExport = await t.call('GET', `${tenantBase}/me/export`, { token: leaver.token });
    assert.deepEqual(
      leaverExport.body.proposals.supports.map((s: { proposalId: string }) => s.proposalId),
      [kept],
    );

    assert.equal((await t.call('DELETE', `${tenantBase}/me`, { token: keeper.token, json: { password: GOOD_PASSWORD } })).status, 204);
    const stays = await t.call('GET', path(`/proposals/${kept}`));
    assert.equal(stays.status, 200, 'keep_anonymous is the default');
    assert.deepEqual(t.db.prepare('SELECT account_id, contact_consent FROM proposals WHERE id = ?').get(kept), { account_id: null, contact_consent: 0 });

    const bad = await t.call('DELETE', `${tenantBase}/me`, { token: leaver.token, json: { password: GOOD_PASSWORD, proposals: 'sometimes' } });
    assert.equal(bad.status, 400);
    assert.equal((await t.call('DELETE', `${tenantBase}/me`, { token: leaver.token, json: { password: GOOD_PASSWORD, proposals: 'delete' } })).status, 204);
    assert.equal((await t.call('GET', path(`/proposals/${deleted}`))).status, 404);
    assert.deepEqual(t.db.prepare("SELECT count(*) AS n FROM moderation_targets WHERE kind = 'proposal' AND target_id = ?").get(deleted), { n: 0 });
    assert.equal((await t.call('GET', path(`/proposals/${kept}`))).body.supportCount, 0, 'the erased account’s support no longer counts');
    assert.deepEqual(t.db.prepare('SELECT count(*) AS n FROM proposal_supports WHERE account_id IS NULL AND participant_hash IS NULL').get(), { n: 0 });
  });

  test('at the retention end, authors and anonymous addresses are cut; the published proposals stay', async () => {
    const short = await t.addConsultation({ kind: 'proposals', settings: SETTINGS, closesAt: t.clock.now() + DAY, retentionEnd: t.clock.now() + 2 * DAY });
    const who = newParticipantId();
    const res = await t.call('POST', path('/proposals', short), anonymous(who, { json: proposalBody({ email: 'garder@example.fr' }) }));
    assert.equal(res.status, 201);
    const author = await t.signUp();
    const byAccount = await submit(author.token, { title: 'Avec compte' }, short);
    t.clock.advance(3 * DAY);
    await t.services.retention.run();
    const row = t.db.prepare('SELECT account_id, participant_hash FROM proposals WHERE id = ?').get(res.body.proposal.id);
    assert.deepEqual(t.db.prepare('SELECT account_id FROM proposals WHERE id = ?').get(byAccount), { account_id: null });
    assert.deepEqual(t.db.prepare("SELECT author_id FROM moderation_targets WHERE kind = 'proposal' AND target_id = ?").get(byAccount), { author_id: null });
    assert.deepEqual(row, { account_id: null, participant_hash: null });
    assert.deepEqual(t.db.prepare("SELECT count(*) AS n FROM proposal_subscriptions WHERE email = 'garder@example.fr'").get(), { n: 0 });
    assert.equal((await t.call('GET', path(`/proposals/${res.body.proposal.id}`, short))).status, 200);
  });

  test('search ignores accents and case, matches word beginnings, and treats what is typed as words only', async () => {
    const s = await t.addConsultation({ kind: 'proposals', settings: SETTINGS });
    const author = await t.signUp();
    const halle = await submit(author.token, { title: 'Rénover la halle', text: 'Un toit neuf.' }, s);
    const ecole = await submit(author.token, { title: 'Une école ouverte', text: 'Les cours d’école végétalisées.' }, s);
    await submit(author.token, { title: 'Des pistes cyclables', text: 'Vers la gare.' }, s);
    const ids = async (q: string) => (await t.call('GET', path(`/proposals?q=${encodeURIComponent(q)}`, s))).body.items.map((i: { id: string }) => i.id);
    assert.deepEqual(await ids('renover'), [halle]);
    assert.deepEqual(await ids('RÉNOV'), [halle]);
    assert.deepEqual(await ids('vegetalisees ecole'), [ecole]);
    assert.deepEqual(await ids('toit'), [halle], 'texts are searched too');
    assert.deepEqual(await ids('piscine'), []);
    assert.deepEqual(await ids('halle" OR "gare'), [], 'quotes and operators are not FTS syntax');
    const res = await t.call('GET', path(`/proposals?q=${encodeURIComponent('"*^(')}`, s));
    assert.equal(res.status, 200, 'nothing searchable: every proposal');
    assert.equal(res.body.items.length, 3);
  });

  test('selected proposals are copied, with their authors’ agreement, as projects of an upcoming budget: ids from titles, quartiers mapped to districts', async () => {
    // Staff sessions last 12 hours, and the retention test moved the clock.
    admin = (await t.signInStaff('admin-idees@montjoli.fr')).token;
    answerer = (await t.signInStaff('reponses@montjoli.fr')).token;
    const author = await t.signUp();
    const selected = await submit(author.token, { title: 'Rénover la halle', quartier: 'centre' });
    const twin = await submit(author.token, { title: 'Rénover la halle !', quartier: 'prairie' });
    const studied = await submit(author.token, { title: 'Un skatepark', quartier: 'centre' });
    for (const [id, status] of [
      [selected, 'selected'],
      [twin, 'selected'],
      [studied, 'under_study'],
    ]) {
      const draft = await t.call('PUT', path(`/proposals/${id}/answer`), {
        token: answerer,
        json: { status, text: 'Retenue.', answeringBody: 'Jury citoyen' },
      });
      assert.equal(draft.status, 200, JSON.stringify(draft.body));
    }
    await t.call('POST', path('/answers/publication'), { token: answerer, json: { proposalIds: [selected, twin, studied] } });
    const budgetSettings = {
      districts: [
        { id: 'nord', name: 'Nord', budget: 100_000 },
        { id: 'sud', name: 'Sud', budget: 100_000 },
      ],
      projects: [{ id: 'renover-la-halle', title: 'Déjà là', cost: 1000, district: 'nord' }],
    };
    const budget = await t.addConsultation({ kind: 'budget', settings: budgetSettings, opensAt: t.clock.now() + 10 * DAY, closesAt: t.clock.now() + 20 * DAY });
    const running = await t.addConsultation({ kind: 'budget', settings: budgetSettings });
    const copy = (json: Record<string, unknown>) => t.call('POST', path('/proposals/budget-copy'), { token: admin, json });
    const item = (proposalId: string) => ({ proposalId, authorAgreed: true, cost: 25_000 });

    assert.equal((await copy({ budgetSlug: running.slug, items: [item(selected)], districts: { centre: 'nord' } })).body.error.code, 'budget_not_upcoming');
    assert.equal((await copy({ budgetSlug: budget.slug, items: [item(studied)], districts: { centre: 'nord' } })).body.error.code, 'proposal_not_selected');
    const unmapped = await copy({ budgetSlug: budget.slug, items: [item(selected), item(twin)], districts: { centre: 'nord' } });
    assert.equal(unmapped.status, 422);
    assert.equal(unmapped.body.error.code, 'proposal_unmapped_quartier');
    const disagreed = await copy({ budgetSlug: budget.slug, items: [{ ...item(selected), authorAgreed: false }], districts: { centre: 'nord' } });
    assert.equal(disagreed.status, 400, 'the author’s agreement is required');

    const res = await copy({ budgetSlug: budget.slug, items: [item(selected), item(twin)], districts: { centre: 'nord', prairie: 'sud' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.projects, [
      { id: 'renover-la-halle-2', title: 'Rénover la halle' },
      { id: 'renover-la-halle-3', title: 'Rénover la halle !' },
    ]);
    const stored = (await t.store.consultations.get(budget.id))!.settings as typeof budgetSettings;
    assert.deepEqual(
      stored.projects.map((p) => [p.id, p.district, p.cost]),
      [
        ['renover-la-halle', 'nord', 1000],
        ['renover-la-halle-2', 'nord', 25_000],
        ['renover-la-halle-3', 'sud', 25_000],
      ],
    );
    assert.equal((await copy({ budgetSlug: budget.slug, items: [item(selected)], districts: { centre: 'nord' } })).body.error.code, 'budget_project_exists');
    const audit = t.db.prepare("SELECT after FROM audit_events WHERE action = 'copyProposalsToBudget'").get() as { after: string };
    assert.match(audit.after, /"authorAgreed":true/);
  });
});

describe('the demo’s boîte à idées', () => {
  test('idees-centre-ville has categories and quartiers, takes anonymous ideas, and shows three published proposals, one answered; seeding twice adds nothing', async () => {
    const t = await createTestApp();
    try {
      await seedDemo(t.store, t.clock, GOOD_PASSWORD);
      await seedDemo(t.store, t.clock, GOOD_PASSWORD);
      const consultation = await t.call('GET', `${tenantBase}/consultations/idees-centre-ville`);
      assert.equal(consultation.status, 200);
      assert.equal(consultation.body.allowAnonymous, true);
      assert.deepEqual(
        consultation.body.settings.quartiers.map((q: { id: string }) => q.id),
        ['centre-ville', 'les-coteaux', 'val-fleuri', 'gare', 'pres-hauts'],
      );
      const list = await t.call('GET', `${tenantBase}/consultations/idees-centre-ville/proposals`);
      assert.equal(list.body.items.length, 3);
      const answered = list.body.items.filter((p: { answer: unknown }) => p.answer !== null);
      assert.equal(answered.length, 1);
      assert.equal(answered[0].answerStatus, 'selected');
      assert.equal(answered[0].answer.answeringBody, 'Conseil municipal du 12 mars');
    } finally {
      await t.close();
    }
  });
});
