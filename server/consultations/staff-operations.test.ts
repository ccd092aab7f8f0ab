import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { createTestApp, GOOD_PASSWORD, TENANT, type TestApp } from '../testing/test-app.ts';
import { signUpStaff } from '../testing/participation.ts';

const base = `/v1/tenants/${TENANT}`;
const voteSettings = {
  mode: 'single',
  options: [
    { id: 'oui', label: 'Oui' },
    { id: 'non', label: 'Non' },
  ],
};

describe('staff operations on consultations', () => {
  let t: TestApp;
  let staff: string;
  let citizen: string;
  let citizenEmail: string;
  const signIn = async (email: string) => (await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: GOOD_PASSWORD } })).body.token as string;
  const ballot = (slug: string, participant: string) =>
    t.call('PUT', `${base}/consultations/${slug}/ballot`, { json: { choice: ['oui'] }, headers: { 'civique-participant': participant } });

  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t, 'agent@montjoli.fr')).token;
    const signedUp = await t.signUp();
    citizen = signedUp.token;
    citizenEmail = signedUp.email;
  });
  after(() => t.close());

  test('getConsultationAsStaff reads everything configured, archived or not; citizens and strangers may not', async () => {
    const c = await t.addConsultation({ slug: 'config-lue', settings: voteSettings });
    const path = `${base}/consultations/config-lue/configuration`;
    assert.equal((await t.call('GET', path)).status, 401);
    assert.equal((await t.call('GET', path, { token: citizen })).status, 403);
    const res = await t.call('GET', path, { token: staff });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.id, c.id);
    assert.equal(res.body.retentionEnd, new Date(c.retentionEnd).toISOString());
    assert.deepEqual(res.body.stuffingPolicy.perIp, { max: 20, windowMinutes: 1440 });
    assert.equal(res.body.archivedAt, null);
  });

  test('closeConsultation closes an open one at once; one not yet open is a 409', async () => {
    await t.addConsultation({ slug: 'a-fermer', settings: voteSettings });
    assert.equal((await ballot('a-fermer', 'participant-aaaaaaaaaaaaaaaaaaaa')).status, 201);
    assert.equal((await t.call('POST', `${base}/consultations/a-fermer/close`, { token: citizen })).status, 403);
    const closed = await t.call('POST', `${base}/consultations/a-fermer/close`, { token: staff });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.status, 'closed');
    assert.equal(closed.body.closesAt, new Date(t.clock.now()).toISOString());
    const late = await ballot('a-fermer', 'participant-bbbbbbbbbbbbbbbbbbbb');
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'consultation_closed');
    const again = await t.call('POST', `${base}/consultations/a-fermer/close`, { token: staff });
    assert.equal(again.status, 200, 'closing a closed consultation changes nothing');
    await t.addConsultation({ slug: 'pas-encore', opensAt: t.clock.now() + DAY, settings: voteSettings });
    const early = await t.call('POST', `${base}/consultations/pas-encore/close`, { token: staff });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'consultation_not_open_yet');
  });

  test('archiveConsultation: out of the public list, no more ballots, results still readable by staff', async () => {
    await t.addConsultation({ slug: 'archivee', settings: { ...voteSettings, resultsVisibility: 'after_close' } });
    assert.equal((await ballot('archivee', 'participant-cccccccccccccccccccc')).status, 201);
    const listed = async () => (await t.call('GET', `${base}/consultations`)).body.consultations.map((c: { slug: string }) => c.slug);
    assert.ok((await listed()).includes('archivee'));
    const archived = await t.call('POST', `${base}/consultations/archivee/archive`, { token: staff });
    assert.equal(archived.status, 200, JSON.stringify(archived.body));
    assert.equal(archived.body.archivedAt, new Date(t.clock.now()).toISOString());
    assert.equal(archived.body.status, 'closed', 'an open consultation closes when archived');
    assert.ok(!(await listed()).includes('archivee'));
    const late = await ballot('archivee', 'participant-dddddddddddddddddddd');
    assert.equal(late.status, 409);
    const results = await t.call('GET', `${base}/consultations/archivee/results`, { token: staff });
    assert.equal(results.status, 200, JSON.stringify(results.body));
    assert.equal(results.body.ballots, 1);
    const config = await t.call('GET', `${base}/consultations/archivee/configuration`, { token: staff });
    assert.equal(config.body.archivedAt, archived.body.archivedAt);
  });

  test('an upcoming consultation archived never opens', async () => {
    await t.addConsultation({ slug: 'jamais', opensAt: t.clock.now() + DAY, settings: voteSettings });
    assert.equal((await t.call('POST', `${base}/consultations/jamais/archive`, { token: staff })).status, 200);
    t.clock.advance(2 * DAY);
    const res = await ballot('jamais', 'participant-eeeeeeeeeeeeeeeeeeee');
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'consultation_closed');
  });

  test('deleteConsultation only before any participation, even a rejected one; after, 409 says to archive', async () => {
    // Browser sessions last 12 hours: sign in again after the clock moved.
    staff = (await t.signInStaff('agent@montjoli.fr')).token;
    citizen = await signIn(citizenEmail);
    await t.addConsultation({ slug: 'vide', settings: voteSettings });
    assert.equal((await t.call('DELETE', `${base}/consultations/vide`, { token: citizen })).status, 403);
    const wrong = await t.call('DELETE', `${base}/consultations/vide`, { token: staff, json: { password: 'pas le bon mot de passe' } });
    assert.equal(wrong.status, 403, 'a destructive action asks for the password again');
    assert.equal(wrong.body.error.code, 'wrong_password');
    assert.equal((await t.call('DELETE', `${base}/consultations/vide`, { token: staff })).status, 400, 'no password, no deletion');
    assert.equal((await t.call('GET', `${base}/consultations/vide`)).status, 200, 'still there');
    const deleted = await t.call('DELETE', `${base}/consultations/vide`, { token: staff, json: { password: GOOD_PASSWORD } });
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
    assert.equal((await t.call('GET', `${base}/consultations/vide`)).status, 404);

    const c = await t.addConsultation({
      slug: 'avec-vote',
      settings: voteSettings,
      stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 1, windowMinutes: 60 }, perPrefix: null },
    });
    assert.equal((await ballot('avec-vote', 'participant-ffffffffffffffffffff')).status, 201);
    const held = await ballot('avec-vote', 'participant-gggggggggggggggggggg');
    assert.equal(held.body.ballot.status, 'quarantined');
    // The accepted ballot withdrawn, the quarantined one rejected: nothing counts, yet people took part.
    assert.equal(
      (await t.call('DELETE', `${base}/consultations/avec-vote/ballot`, { headers: { 'civique-participant': 'participant-ffffffffffffffffffff' } })).status,
      204,
    );
    const queue = await t.call('GET', `${base}/consultations/avec-vote/quarantine`, { token: staff });
    await t.call('POST', `${base}/consultations/avec-vote/quarantine/${queue.body.items[0].id}`, { token: staff, json: { decision: 'reject' } });
    const refused = await t.call('DELETE', `${base}/consultations/avec-vote`, { token: staff, json: { password: GOOD_PASSWORD } });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'consultation_has_participations');
    assert.match(refused.body.error.message, /archive/);
    assert.equal(t.count('SELECT count(*) FROM ballots WHERE consultation_id = ?', c.id), 1);
    assert.equal((await t.call('GET', `${base}/consultations/avec-vote`)).status, 200);
  });

  test('create and update bodies are one variant per kind: settings are checked against the kind named', async () => {
    const now = t.clock.now();
    const body = {
      slug: 'union-vote',
      kind: 'vote',
      title: 'Un vote',
      opensAt: new Date(now + DAY).toISOString(),
      closesAt: new Date(now + 10 * DAY).toISOString(),
      retentionEnd: new Date(now + 100 * DAY).toISOString(),
      privacyNotice: { purposes: ['Compter'], recipients: ['Ville'], retention: '1 an' },
      allowAnonymous: true,
      settings: voteSettings,
    };
    const surveyish = await t.call('POST', `${base}/consultations`, { token: staff, json: { ...body, settings: { sections: [], questions: [] } } });
    assert.equal(surveyish.status, 400);
    assert.ok(
      surveyish.body.error.issues.every((issue: { path: string }) => issue.path.startsWith('settings')),
      JSON.stringify(surveyish.body),
    );
    const unknownKind = await t.call('POST', `${base}/consultations`, { token: staff, json: { ...body, kind: 'petition' } });
    assert.equal(unknownKind.status, 400);
    assert.equal(unknownKind.body.error.issues[0].path, 'kind');
    assert.equal((await t.call('POST', `${base}/consultations`, { token: staff, json: body })).status, 201);
    // Without kind, as before: the stored kind's schema applies.
    const noKind = await t.call('PATCH', `${base}/consultations/union-vote`, { token: staff, json: { settings: { mode: 'single' } } });
    assert.equal(noKind.status, 400);
    assert.equal(noKind.body.error.issues[0].path, 'settings.options');
    const withKind = await t.call('PATCH', `${base}/consultations/union-vote`, { token: staff, json: { kind: 'vote', settings: { mode: 'single' } } });
    assert.equal(withKind.status, 400);
    assert.equal(withKind.body.error.issues[0].path, 'settings.options');
    const otherKind = await t.call('PATCH', `${base}/consultations/union-vote`, { token: staff, json: { kind: 'resources', title: 'Autre' } });
    assert.equal(otherKind.status, 409);
    assert.equal(otherKind.body.error.code, 'consultation_kind_mismatch');
    const ok = await t.call('PATCH', `${base}/consultations/union-vote`, { token: staff, json: { kind: 'vote', title: 'Un vote renommé' } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('each kind’s settings schema is named in the OpenAPI document, behind a discriminator on kind', async () => {
    const doc = (await t.call('GET', '/v1/openapi.json')).body;
    for (const name of ['VoteSettings', 'BudgetSettings', 'SurveySettings', 'ProposalsSettings', 'ResourcesSettings'])
      assert.ok(doc.components.schemas[name], name);
    const create = doc.components.schemas.CreateConsultation;
    assert.equal(create.discriminator.propertyName, 'kind');
    assert.deepEqual(Object.keys(create.discriminator.mapping).sort(), ['budget', 'proposals', 'resources', 'survey', 'vote']);
    assert.equal(doc.components.schemas.CreateVoteConsultation.properties.settings.$ref, '#/components/schemas/VoteSettings');
    const update = doc.components.schemas.UpdateConsultation;
    assert.equal(update.oneOf.length, 6);
  });
});
