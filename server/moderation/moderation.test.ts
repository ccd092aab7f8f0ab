import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, TENANT, type TestApp } from '../testing/test-app.ts';
import { signUpStaff, verifyEmail } from '../testing/participation.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import { MODERATION_TRANSITIONS } from './moderation.ts';

const base = `/v1/tenants/${TENANT}`;
// A kind that exists only here: proposals and resource posts will register theirs the same way.
const KIND = 'testNote';

describe('moderation', () => {
  let t: TestApp;
  let tenant: Tenant;
  let moderator: string;
  let author: { token: string; id: string; email: string };
  const note = (targetId: string, state: 'submitted' | 'published' = 'published', authorId: string | null = author.id) =>
    t.services.moderation.register(tenant, { kind: KIND, targetId, authorId, state });
  const flag = (targetId: string, token: string, reason = 'spam') =>
    t.call('POST', `${base}/moderation/${KIND}/${targetId}/flags`, { token, json: { reason } });
  const decide = (targetId: string, json: Record<string, unknown>, token = moderator) =>
    t.call('POST', `${base}/moderation/${KIND}/${targetId}/decision`, { token, json });
  const mailsTo = (accountId: string) =>
    t.db.prepare('SELECT subject, body FROM outbox WHERE account_id = ? ORDER BY id').all(accountId) as { subject: string; body: string }[];

  before(async () => {
    t = await createTestApp();
    tenant = (await t.store.tenants.get(TENANT))!;
    moderator = (await signUpStaff(t, 'moderation@montjoli.fr')).token;
    author = await t.signUp();
  });
  after(() => t.close());

  test('only flags from confirmed emails count: unconfirmed accounts never hide anything, three confirmed ones do', async () => {
    await note('n1');
    for (let i = 0; i < 4; i++) {
      const res = await flag('n1', (await t.signUp()).token);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body, { counted: false, hidden: false });
    }
    assert.equal((await t.services.moderation.get(tenant, KIND, 'n1')).state, 'published');
    const verified = [];
    for (let i = 0; i < 3; i++) {
      const citizen = await t.signUp();
      verifyEmail(t, citizen.id);
      verified.push(citizen);
    }
    assert.deepEqual((await flag('n1', verified[0].token)).body, { counted: true, hidden: false });
    const twice = await flag('n1', verified[0].token);
    assert.equal(twice.status, 409, 'one flag per account');
    assert.equal(twice.body.error.code, 'already_flagged');
    assert.deepEqual((await flag('n1', verified[1].token)).body, { counted: true, hidden: false });
    assert.deepEqual((await flag('n1', verified[2].token)).body, { counted: true, hidden: true });
    assert.equal((await t.services.moderation.get(tenant, KIND, 'n1')).state, 'hidden');
    const mail = mailsTo(author.id).at(-1)!;
    assert.match(mail.subject, /^Votre contribution a été masquée/);
    assert.match(mail.body, /Masquée automatiquement/);
  });

  test('the threshold is the tenant’s setting', async () => {
    await t.services.tenantSettings.update(tenant, { flagThreshold: 2 });
    await note('n7');
    const confirmed = async () => {
      const citizen = await t.signUp();
      verifyEmail(t, citizen.id);
      return citizen.token;
    };
    assert.deepEqual((await flag('n7', await confirmed())).body, { counted: true, hidden: false });
    assert.deepEqual((await flag('n7', await confirmed())).body, { counted: true, hidden: true });
    await t.services.tenantSettings.update(tenant, { flagThreshold: null });
  });

  test('flagging needs an account, a reason from the list, and content that exists', async () => {
    await note('n2');
    assert.equal((await t.call('POST', `${base}/moderation/${KIND}/n2/flags`, { json: { reason: 'spam' } })).status, 401);
    const badReason = await flag('n2', author.token, 'boring');
    assert.equal(badReason.status, 400);
    assert.equal(badReason.body.error.issues[0].path, 'reason');
    const missing = await flag('inconnu', author.token);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'moderation_target_not_found');
  });

  test('every move follows the one transition table; each other move is a 409', async () => {
    await note('n3', 'submitted');
    assert.equal((await decide('n3', { state: 'published' })).body.state, 'published', 'publishing needs no statement');
    const rejectPublished = await decide('n3', { state: 'rejected', statement: 'Hors sujet' });
    assert.equal(rejectPublished.status, 409);
    assert.equal(rejectPublished.body.error.code, 'moderation_transition_not_allowed');
    await note('n4', 'submitted');
    assert.equal((await decide('n4', { state: 'rejected', statement: 'Doublon de n3' })).status, 200);
    for (const state of ['published', 'hidden', 'submitted']) assert.equal((await decide('n4', { state, statement: 'x' })).status, 409, `rejected → ${state}`);
    assert.deepEqual(MODERATION_TRANSITIONS.published, ['hidden']);
  });

  test('hide and restore need a statement of reasons, stored, shown to the author and mailed in their language', async () => {
    await note('n5');
    const bare = await decide('n5', { state: 'hidden' });
    assert.equal(bare.status, 400);
    assert.equal(bare.body.error.code, 'moderation_statement_required');
    t.db.prepare("UPDATE accounts SET locale = 'en' WHERE id = ?").run(author.id);
    const before = mailsTo(author.id).length;
    const hidden = await decide('n5', { state: 'hidden', statement: 'Contient le numéro de téléphone d’un voisin.' });
    assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
    assert.equal(hidden.body.state, 'hidden');
    const restoredBare = await decide('n5', { state: 'published', statement: '  ' });
    assert.equal(restoredBare.status, 400);
    assert.equal((await decide('n5', { state: 'published', statement: 'Numéro retiré par l’auteur.' })).status, 200);
    const mails = mailsTo(author.id).slice(before);
    assert.deepEqual(
      mails.map((m) => m.subject.split(' — ')[0]),
      ['Your contribution has been hidden', 'Your contribution is visible again'],
    );
    assert.match(mails[0].body, /Contient le numéro de téléphone d’un voisin\./);
    const mine = await t.call('GET', `${base}/me/moderation-decisions`, { token: author.token });
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.decisions.slice(0, 2).map((d: { toState: string; statement: string; automatic: boolean }) => [d.toState, d.statement, d.automatic]),
      [
        ['published', 'Numéro retiré par l’auteur.', false],
        ['hidden', 'Contient le numéro de téléphone d’un voisin.', false],
      ],
    );
    t.db.prepare("UPDATE accounts SET locale = 'fr' WHERE id = ?").run(author.id);
  });

  test('the queue is the tenant’s, filtered by state, kind and flags; moderators only', async () => {
    await t.services.moderation.register(tenant, { kind: 'otherKind', targetId: 'o1', authorId: null, state: 'submitted' });
    const citizen = await t.signUp();
    assert.equal((await t.call('GET', `${base}/moderation/queue`, { token: citizen.token })).status, 403);
    assert.equal((await decide('n3', { state: 'hidden', statement: 'x' }, citizen.token)).status, 403);
    const queue = async (query: string) =>
      (await t.call('GET', `${base}/moderation/queue?${query}`, { token: moderator })).body.items.map(
        (i: { kind: string; targetId: string }) => `${i.kind}/${i.targetId}`,
      );
    assert.deepEqual(await queue('state=submitted'), ['otherKind/o1']);
    assert.deepEqual(await queue('kind=otherKind'), ['otherKind/o1']);
    assert.deepEqual((await queue(`kind=${KIND}&state=hidden`)).sort(), [`${KIND}/n1`, `${KIND}/n7`]);
    assert.deepEqual((await queue('flagged=true')).sort(), [`${KIND}/n1`, `${KIND}/n7`]);
    assert.ok(!(await queue('flagged=false')).includes(`${KIND}/n1`));
    const bad = await t.call('GET', `${base}/moderation/queue?state=lost`, { token: moderator });
    assert.equal(bad.status, 400);
  });

  test('a flagger’s flags are in their data export and go with their account', async () => {
    await note('n6');
    const flagger = await t.signUp();
    await t.call('POST', `${base}/moderation/${KIND}/n6/flags`, { token: flagger.token, json: { reason: 'other', text: 'Propos insultants' } });
    const exported = await t.call('GET', `${base}/me/export`, { token: flagger.token });
    assert.equal(exported.status, 200);
    assert.deepEqual(
      exported.body.moderation.flags.map((f: { targetId: string; reason: string; text: string }) => [f.targetId, f.reason, f.text]),
      [['n6', 'other', 'Propos insultants']],
    );
    const authorExport = await t.call('GET', `${base}/me/export`, { token: author.token });
    assert.ok(authorExport.body.moderation.decisionsAboutMyContent.length >= 3, 'the author’s export carries the statements');
    await t.services.registry.eraseAccount(flagger.id);
    assert.equal(t.count('SELECT count(*) FROM moderation_flags WHERE account_id = ?', flagger.id), 0);
    await t.services.registry.eraseAccount(author.id);
    assert.equal(t.count('SELECT count(*) FROM moderation_targets WHERE author_id = ?', author.id), 0);
    assert.ok(t.count("SELECT count(*) FROM moderation_targets WHERE target_id = 'n5'") === 1, 'the content’s moderation stays, unlinked');
  });
});
