import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DAY, HOUR } from '../clock.ts';
import { parseSettings } from '../consultation-settings.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { demoSettings } from '../seed/demo-settings.ts';
import { createTestApp, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';
import { anonymous, consultationPath, footprint, newParticipantId, signUpStaff, tenantBase, verifyEmail } from '../testing/participation.ts';

const MARKET = {
  mode: 'single',
  options: [
    { id: 'mardi', label: 'Mardi' },
    { id: 'samedi', label: 'Samedi' },
    { id: 'dimanche', label: 'Dimanche' },
  ],
};
const APPROVAL = { mode: 'approval', minChoices: 2, maxChoices: 3, options: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() })) };
const RANKING = { mode: 'ranking', minChoices: 2, options: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() })) };
const BUDGET = {
  districts: [
    { id: 'nord', name: 'Nord', budget: 100 },
    { id: 'sud', name: 'Sud', budget: 50 },
  ],
  projects: [
    { id: 'n1', title: 'Parc', cost: 80, district: 'nord' },
    { id: 'n2', title: 'Bancs', cost: 30, district: 'nord' },
    { id: 'n3', title: 'Fresque', cost: 20, district: 'nord' },
    { id: 's1', title: 'Piste', cost: 50, district: 'sud' },
    { id: 's2', title: 'Boîte à livres', cost: 10, district: 'sud' },
  ],
  minSpendShare: 0.5,
  maxProjects: 2,
};

async function ballot(
  t: TestApp,
  c: Consultation,
  body: unknown,
  options: { participant?: string; token?: string; ip?: string; headers?: Record<string, string> } = {},
) {
  const headers = { ...options.headers, ...(options.participant ? { 'civique-participant': options.participant } : {}) };
  return t.call('PUT', `${consultationPath(c)}/ballot`, { json: body, token: options.token, ip: options.ip, headers });
}

describe('vote and budget settings', () => {
  let t: TestApp;
  let staff: string;
  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t)).token;
  });
  after(() => t.close());

  const create = (kind: string, settings: unknown) => {
    const now = t.clock.now();
    return t.call('POST', `${tenantBase}/consultations`, {
      token: staff,
      json: {
        slug: `c-${Math.random().toString(36).slice(2, 9)}`,
        kind,
        title: 'Une consultation',
        opensAt: new Date(now).toISOString(),
        closesAt: new Date(now + DAY).toISOString(),
        retentionEnd: new Date(now + 100 * DAY).toISOString(),
        privacyNotice: { purposes: ['Compter'], recipients: ['Ville'], retention: '1 an' },
        allowAnonymous: true,
        settings,
      },
    });
  };

  test('the demo consultations are valid and get their defaults written out', () => {
    const vote = parseSettings('vote', demoSettings.vote);
    assert.equal(vote.minChoices, 1);
    assert.equal(vote.maxChoices, 1);
    const ranking = parseSettings('vote', { ...RANKING, minChoices: undefined });
    assert.deepEqual([ranking.minChoices, ranking.maxChoices], [4, 4], 'a ranking is full unless minChoices says otherwise');
    const approval = parseSettings('vote', { ...APPROVAL, minChoices: undefined, maxChoices: undefined });
    assert.deepEqual([approval.minChoices, approval.maxChoices], [1, 4]);
    parseSettings('budget', demoSettings.budget);
    parseSettings('survey', demoSettings.survey);
  });

  test('the demo budget has one district per quartier of the tenant, each with 3 or 4 projects', () => {
    const budget = parseSettings('budget', demoSettings.budget) as typeof BUDGET;
    assert.deepEqual(
      budget.districts.map((d) => d.name),
      ['Centre-ville', 'Les Coteaux', 'Le Val Fleuri', 'Quartier de la Gare', 'Les Prés Hauts'],
    );
    for (const d of budget.districts) {
      const n = budget.projects.filter((p) => p.district === d.id).length;
      assert.ok(n >= 3 && n <= 4, d.id);
    }
  });

  test('staff get each mistake with its path', async () => {
    const cases: [string, unknown, string][] = [
      ['vote', { mode: 'single', options: [{ id: 'a', label: 'A' }] }, 'settings.options'],
      ['vote', { ...MARKET, options: [...MARKET.options, { id: 'mardi', label: 'Encore' }] }, 'settings.options.3.id'],
      ['vote', { ...MARKET, maxChoices: 2 }, 'settings.maxChoices'],
      ['vote', { ...APPROVAL, maxChoices: 5 }, 'settings.maxChoices'],
      ['vote', { ...APPROVAL, minChoices: 3, maxChoices: 2 }, 'settings.minChoices'],
      ['vote', { ...MARKET, mode: 'plurality' }, 'settings.mode'],
      ['vote', { ...MARKET, extra: true }, 'settings'],
      ['budget', { ...BUDGET, budget: 100 }, 'settings.budget'],
      ['budget', { projects: BUDGET.projects }, 'settings.budget'],
      ['budget', { ...BUDGET, projects: [...BUDGET.projects, { id: 'x', title: 'X', cost: 1, district: 'est' }] }, 'settings.projects.5.district'],
      ['budget', { ...BUDGET, projects: [...BUDGET.projects, { id: 'x', title: 'X', cost: 120, district: 'nord' }] }, 'settings.projects.5.cost'],
      ['budget', { ...BUDGET, districts: [...BUDGET.districts, { id: 'est', name: 'Est', budget: 10 }] }, 'settings.districts.2'],
      ['budget', { ...BUDGET, minSpendShare: 1, maxProjects: 1 }, 'settings.minSpendShare'],
      ['budget', { budget: 100, projects: [{ id: 'p', title: 'P', cost: 1.5 }] }, 'settings.projects.0.cost'],
      ['budget', { budget: 100, projects: [{ id: 'p', title: 'P', cost: 10, district: 'nord' }] }, 'settings.projects.0.district'],
    ];
    for (const [kind, settings, path] of cases) {
      const res = await create(kind, settings);
      assert.equal(res.status, 400, JSON.stringify(settings));
      assert.equal(res.body.error.code, 'validation_failed');
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        `${path} expected in ${JSON.stringify(res.body.error.issues)}`,
      );
    }
    assert.equal((await create('vote', MARKET)).status, 201);
    assert.equal((await create('budget', BUDGET)).status, 201);
  });
});

describe('casting, changing and withdrawing a ballot', () => {
  let t: TestApp;
  let market: Consultation;
  before(async () => {
    t = await createTestApp();
    market = await t.addConsultation({ kind: 'vote', settings: MARKET });
  });
  after(() => t.close());

  test('an anonymous participant votes, changes the vote, reads it back and withdraws it; results follow each step', async () => {
    const me = newParticipantId();
    const first = await ballot(t, market, { choice: ['samedi'] }, { participant: me });
    assert.equal(first.status, 201);
    assert.deepEqual(first.body.ballot.choice, ['samedi']);
    assert.equal(first.body.ballot.status, 'accepted');
    assert.equal(first.body.ballot.counted, true);
    assert.equal(first.body.changed, false);

    const results = async () => (await t.call('GET', `${consultationPath(market)}/results`)).body;
    assert.deepEqual(
      (await results()).options.map((o: { votes: number }) => o.votes),
      [0, 1, 0],
    );

    t.clock.advance(HOUR);
    const changed = await ballot(t, market, { choice: ['dimanche'] }, { participant: me });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.changed, true);
    assert.equal(changed.body.ballot.castAt, first.body.ballot.castAt);
    assert.notEqual(changed.body.ballot.updatedAt, first.body.ballot.updatedAt);
    const afterChange = await results();
    assert.equal(afterChange.ballots, 1, 'changing is not voting twice');
    assert.deepEqual(
      afterChange.options.map((o: { votes: number }) => o.votes),
      [0, 0, 1],
    );

    const mine = await t.call('GET', `${consultationPath(market)}/ballot`, anonymous(me));
    assert.deepEqual(mine.body.ballot.choice, ['dimanche']);
    const someoneElse = await t.call('GET', `${consultationPath(market)}/ballot`, anonymous(newParticipantId()));
    assert.equal(someoneElse.body.ballot, null);

    assert.equal((await t.call('DELETE', `${consultationPath(market)}/ballot`, anonymous(me))).status, 204);
    assert.equal((await results()).ballots, 0);
    assert.deepEqual(
      (await results()).options.map((o: { votes: number }) => o.votes),
      [0, 0, 0],
    );
    assert.equal((await t.call('GET', `${consultationPath(market)}/ballot`, anonymous(me))).body.ballot, null);
    const again = await t.call('DELETE', `${consultationPath(market)}/ballot`, anonymous(me));
    assert.equal(again.status, 404);
    assert.equal(again.body.error.code, 'ballot_not_found');
  });

  test('stores the anonymous id only as its creation time and its SHA-256, and the address only as keyed hashes', async () => {
    const me = newParticipantId(Date.UTC(2026, 11, 3));
    const res = await ballot(t, market, { choice: ['mardi'] }, { participant: me, ip: '203.0.113.77' });
    assert.equal(res.status, 201);
    const rows = t.db.prepare('SELECT * FROM ballots').all() as Record<string, unknown>[];
    const key = Buffer.concat([Buffer.from(me.slice(0, 12), 'hex'), createHash('sha256').update(me).digest().subarray(0, 26)]);
    const row = rows.find((r) => Buffer.isBuffer(r.participant_hash) && (r.participant_hash as Buffer).equals(key));
    assert.ok(row, 'the ballot is found by the time, then the hash, of the id');
    const everything = JSON.stringify([rows, t.db.prepare('SELECT * FROM ip_traces').all()], (_k, v) =>
      v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v,
    );
    assert.ok(!everything.includes(me.slice(13)), 'the raw participant id is stored nowhere');
    assert.ok(!everything.includes('203.0.113'), 'the address is stored nowhere');
    const trace = t.db.prepare("SELECT * FROM ip_traces WHERE participation_kind = 'ballot' AND participation_id = ?").get(String(row!.id)) as {
      ip_hash: Buffer;
      scope: string;
    };
    assert.equal(trace.ip_hash.length, 16);
    assert.equal(trace.scope, market.id);
  });

  test('an id from an older widget, without a creation time, keeps its plain SHA-256: its ballot is found and changed', async () => {
    const older = randomBytes(16).toString('base64url');
    assert.equal((await ballot(t, market, { choice: ['mardi'] }, { participant: older })).status, 201);
    const stored = t.db.prepare('SELECT id FROM ballots WHERE participant_hash = ?').get(createHash('sha256').update(older).digest());
    assert.ok(stored, 'stored under the SHA-256 of the id');
    const again = await ballot(t, market, { choice: ['samedi'] }, { participant: older });
    assert.equal(again.status, 200, 'the same participant changes their ballot');
    const mine = await t.call('GET', `${consultationPath(market)}/ballot`, anonymous(older));
    assert.deepEqual(mine.body.ballot.choice, ['samedi']);
  });

  test('a widget id whose time is not 12 lowercase hex digits is refused with the format to send', async () => {
    for (const bad of ['0194F3A2B1C0.q3Xk9vL2mN8pR4tW7yZ1aB', '194f3a2b1c0.q3Xk9vL2mN8pR4tW7yZ1aB', '0194f3a2b1c0.short']) {
      const res = await ballot(t, market, { choice: ['mardi'] }, { participant: bad });
      assert.equal(res.status, 400, bad);
      assert.match(JSON.stringify(res.body.error), /creation time/, bad);
    }
  });

  test('a signed-in citizen has one ballot per consultation, whatever the participant header says', async () => {
    const { token } = await t.signUp();
    assert.equal((await ballot(t, market, { choice: ['mardi'] }, { token, participant: newParticipantId() })).status, 201);
    const second = await ballot(t, market, { choice: ['samedi'] }, { token, participant: newParticipantId() });
    assert.equal(second.status, 200, 'a second ballot from the same account changes the first');
    const count = t.db.prepare('SELECT count(*) AS n FROM ballots WHERE account_id IS NOT NULL').get() as { n: number };
    assert.equal(count.n, 1);
    const mine = await t.call('GET', `${consultationPath(market)}/ballot`, { token });
    assert.deepEqual(mine.body.ballot.choice, ['samedi']);
  });

  test('If-None-Match: * refuses to replace an existing ballot (412), leaving it as it was', async () => {
    const me = newParticipantId();
    assert.equal((await ballot(t, market, { choice: ['mardi'] }, { participant: me, headers: { 'if-none-match': '*' } })).status, 201);
    const before = footprint(t);
    const res = await ballot(t, market, { choice: ['samedi'] }, { participant: me, headers: { 'if-none-match': '*' } });
    assert.equal(res.status, 412);
    assert.equal(res.body.error.code, 'ballot_already_cast');
    assert.deepEqual(footprint(t), before);
  });

  test('the widget may send the participant header cross-origin', async () => {
    const res = await t.call('OPTIONS', `${consultationPath(market)}/ballot`, {
      headers: { 'access-control-request-method': 'PUT', 'access-control-request-headers': 'civique-participant, content-type' },
    });
    assert.equal(res.status, 204);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Civique-Participant/);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /If-None-Match/);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  });
});

describe('the server re-checks every rule, and a refused ballot writes nothing', () => {
  let t: TestApp;
  const consultations: Record<string, Consultation> = {};
  const voter = newParticipantId();
  before(async () => {
    t = await createTestApp();
    consultations.market = await t.addConsultation({ kind: 'vote', settings: MARKET });
    consultations.approval = await t.addConsultation({ kind: 'vote', settings: APPROVAL });
    consultations.ranking = await t.addConsultation({ kind: 'vote', settings: RANKING });
    consultations.budget = await t.addConsultation({ kind: 'budget', settings: BUDGET });
    consultations.single = await t.addConsultation({ kind: 'budget', settings: { budget: 50, projects: [{ id: 'p', title: 'P', cost: 40 }] } });
    consultations.survey = await t.addConsultation({ kind: 'survey', settings: demoSettings.survey });
    consultations.empty = await t.addConsultation({ kind: 'vote', settings: {} });
    consultations.closed = await t.addConsultation({ kind: 'vote', settings: MARKET, opensAt: t.clock.now() - 10 * DAY, closesAt: t.clock.now() - DAY });
    consultations.upcoming = await t.addConsultation({ kind: 'vote', settings: MARKET, opensAt: t.clock.now() + DAY });
    consultations.accountsOnly = await t.addConsultation({ kind: 'vote', settings: MARKET, allowAnonymous: false });
    consultations.verified = await t.addConsultation({
      kind: 'vote',
      settings: MARKET,
      stuffingPolicy: { requireVerifiedEmail: true, perIp: null, perPrefix: null },
    });
    // One valid ballot everywhere it can be, so a refused change must also leave it untouched.
    await ballot(t, consultations.market, { choice: ['mardi'] }, { participant: voter });
    await ballot(t, consultations.budget, { choice: ['n2', 'n3'], district: 'nord' }, { participant: voter });
  });
  after(() => t.close());

  const refusals: [string, string, unknown, number, string, string?][] = [
    ['market', 'an unknown option', { choice: ['lundi'] }, 422, 'ballot_unknown_option', 'choice.0'],
    ['market', 'two options in a single-choice vote', { choice: ['mardi', 'samedi'] }, 422, 'ballot_too_many_choices'],
    ['market', 'a district in a vote', { choice: ['mardi'], district: 'nord' }, 422, 'ballot_district_not_allowed', 'district'],
    ['approval', 'too few approvals', { choice: ['a'] }, 422, 'ballot_too_few_choices'],
    ['approval', 'too many approvals', { choice: ['a', 'b', 'c', 'd'] }, 422, 'ballot_too_many_choices'],
    ['approval', 'the same option twice', { choice: ['a', 'a'] }, 422, 'ballot_duplicate_option', 'choice.1'],
    ['ranking', 'a ranking with a duplicate', { choice: ['a', 'b', 'a'] }, 422, 'ballot_duplicate_option', 'choice.2'],
    ['ranking', 'a ranking with an unknown id', { choice: ['a', 'z'] }, 422, 'ballot_unknown_option', 'choice.1'],
    ['ranking', 'a ranking shorter than allowed', { choice: ['a'] }, 422, 'ballot_too_few_choices'],
    ['budget', 'no district', { choice: ['n1'] }, 422, 'ballot_district_required', 'district'],
    ['budget', 'an unknown district', { choice: ['n1'], district: 'est' }, 422, 'ballot_unknown_district', 'district'],
    ['budget', 'a project of another district', { choice: ['n3', 's1'], district: 'nord' }, 422, 'ballot_project_outside_district', 'choice.1'],
    ['budget', 'over the district budget', { choice: ['n1', 'n2'], district: 'nord' }, 422, 'ballot_over_budget'],
    ['budget', 'under the minimum spend', { choice: ['n3'], district: 'nord' }, 422, 'ballot_under_min_spend'],
    ['budget', 'more projects than allowed', { choice: ['n1', 'n2', 'n3'], district: 'nord' }, 422, 'ballot_too_many_projects'],
    ['budget', 'an unknown project', { choice: ['n9'], district: 'nord' }, 422, 'ballot_unknown_option', 'choice.0'],
    ['single', 'a district where there are none', { choice: ['p'], district: 'nord' }, 422, 'ballot_district_not_allowed'],
    ['market', 'a malformed body', { choice: 'mardi' }, 400, 'validation_failed', 'choice'],
    ['market', 'an unexpected field', { choice: ['mardi'], weight: 2 }, 400, 'validation_failed'],
    ['market', 'an empty choice', { choice: [] }, 400, 'validation_failed', 'choice'],
    ['survey', 'a ballot for a survey', { choice: ['mardi'] }, 409, 'consultation_kind_mismatch'],
    ['empty', 'a vote without options yet', { choice: ['mardi'] }, 409, 'consultation_not_configured'],
    ['closed', 'a closed consultation', { choice: ['mardi'] }, 409, 'consultation_closed'],
    ['upcoming', 'a consultation not open yet', { choice: ['mardi'] }, 409, 'consultation_not_open'],
    ['accountsOnly', 'an anonymous ballot where an account is required', { choice: ['mardi'] }, 403, 'account_required'],
  ];

  for (const [which, what, body, status, code, path] of refusals) {
    test(`${what}: ${status} ${code}`, async () => {
      const before = footprint(t);
      const res = await ballot(t, consultations[which], body, { participant: voter });
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.error.code, code);
      assert.equal(typeof res.body.error.message, 'string');
      if (path)
        assert.ok(
          res.body.error.issues.some((i: { path: string }) => i.path === path),
          JSON.stringify(res.body.error.issues),
        );
      assert.deepEqual(footprint(t), before, 'nothing written');
    });
  }

  test('an anonymous ballot without a participant id, or with a short one, is refused', async () => {
    const before = footprint(t);
    const none = await ballot(t, consultations.market, { choice: ['mardi'] });
    assert.equal(none.status, 400);
    assert.equal(none.body.error.code, 'participant_required');
    const short = await ballot(t, consultations.market, { choice: ['mardi'] }, { participant: 'abc' });
    assert.equal(short.status, 400);
    assert.equal(short.body.error.code, 'validation_failed');
    assert.deepEqual(footprint(t), before);
  });

  test('an unconfirmed email is refused where the consultation asks for one, a confirmed one is accepted', async () => {
    const citizen = await t.signUp();
    const before = footprint(t);
    const res = await ballot(t, consultations.verified, { choice: ['mardi'] }, { token: citizen.token });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'verified_email_required');
    const anon = await ballot(t, consultations.verified, { choice: ['mardi'] }, { participant: voter });
    assert.equal(anon.body.error.code, 'account_required');
    assert.deepEqual(footprint(t), before);
    verifyEmail(t, citizen.id);
    assert.equal((await ballot(t, consultations.verified, { choice: ['mardi'] }, { token: citizen.token })).status, 201);
  });

  test('an unknown consultation is a 404', async () => {
    const res = await ballot(t, { slug: 'nulle-part' } as Consultation, { choice: ['mardi'] }, { participant: voter });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'consultation_not_found');
  });

  test('a ballot cannot be withdrawn after closing', async () => {
    const c = await t.addConsultation({ kind: 'vote', settings: MARKET, closesAt: t.clock.now() + HOUR });
    const me = newParticipantId();
    await ballot(t, c, { choice: ['mardi'] }, { participant: me });
    t.clock.advance(2 * HOUR);
    const res = await t.call('DELETE', `${consultationPath(c)}/ballot`, anonymous(me));
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'consultation_closed');
    assert.deepEqual((await t.call('GET', `${consultationPath(c)}/ballot`, anonymous(me))).body.ballot.choice, ['mardi']);
  });
});

describe('results', () => {
  let t: TestApp;
  let staff: string;
  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t)).token;
  });
  after(() => t.close());

  test('a ranking is counted with the modified Borda count, with first preferences beside it', async () => {
    const c = await t.addConsultation({ kind: 'vote', settings: RANKING });
    for (const choice of [
      ['a', 'b', 'c', 'd'],
      ['b', 'a'],
      ['c', 'b', 'a'],
    ]) {
      assert.equal((await ballot(t, c, { choice }, { participant: newParticipantId() })).status, 201);
    }
    const res = await t.call('GET', `${consultationPath(c)}/results`);
    assert.equal(res.status, 200);
    assert.equal(res.body.mode, 'ranking');
    assert.match(res.body.method, /Borda/);
    const byId = Object.fromEntries(res.body.options.map((o: { id: string }) => [o.id, o]));
    // a: 4 + 1 + 1, b: 3 + 2 + 2, c: 2 + 3, d: 1
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((id) => byId[id].bordaPoints),
      [6, 7, 5, 1],
    );
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((id) => byId[id].firstPreferences),
      [1, 1, 1, 0],
    );
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((id) => byId[id].rank),
      [2, 1, 3, 4],
    );
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((id) => byId[id].votes),
      [3, 3, 2, 1],
    );
    assert.equal(res.body.ballots, 3);
  });

  test('a budget is counted per district, and projects are funded greedily within each budget', async () => {
    const c = await t.addConsultation({ kind: 'budget', settings: BUDGET });
    const ballots: [string[], string][] = [
      [['n1'], 'nord'],
      [['n1'], 'nord'],
      [['n1'], 'nord'],
      [['n2', 'n3'], 'nord'],
      [['n2', 'n3'], 'nord'],
      [['s1'], 'sud'],
    ];
    for (const [choice, district] of ballots) {
      assert.equal((await ballot(t, c, { choice, district }, { participant: newParticipantId() })).status, 201);
    }
    const mover = newParticipantId();
    await ballot(t, c, { choice: ['s1'], district: 'sud' }, { participant: mover });
    await ballot(t, c, { choice: ['n2', 'n3'], district: 'nord' }, { participant: mover });
    await ballot(t, c, { choice: ['n1'], district: 'nord' }, { participant: mover });

    const res = await t.call('GET', `${consultationPath(c)}/results`);
    assert.equal(res.body.mode, 'budget');
    assert.equal(res.body.ballots, 7);
    const [nord, sud] = res.body.districts;
    assert.equal(nord.ballots, 6);
    assert.equal(sud.ballots, 1, 'a ballot moved to another district leaves the first one');
    assert.deepEqual(
      nord.projects.map((p: { votes: number }) => p.votes),
      [4, 2, 2],
    );
    // n1 (4 votes, 80 €) first; then n2 and n3 tie at 2 votes: the cheaper n3 (20 €) fits, n2 (30 €) no longer does.
    assert.deepEqual(
      nord.projects.map((p: { funded: boolean }) => p.funded),
      [true, false, true],
    );
    assert.equal(nord.fundedCost, 100);
    assert.equal(nord.quarantined, undefined, 'quarantine counts are for staff');
    const asStaff = await t.call('GET', `${consultationPath(c)}/results`, { token: staff });
    assert.equal(asStaff.body.districts[0].quarantined, 0);
    assert.equal(asStaff.body.quarantined, 0);
  });

  test('results hidden until closing are a 403 results_hidden for the public, open to staff, and public once closed', async () => {
    const c = await t.addConsultation({ kind: 'vote', settings: { ...MARKET, resultsVisibility: 'after_close' }, closesAt: t.clock.now() + DAY });
    await ballot(t, c, { choice: ['samedi'] }, { participant: newParticipantId() });
    const hidden = await t.call('GET', `${consultationPath(c)}/results`);
    assert.equal(hidden.status, 403);
    assert.equal(hidden.body.error.code, 'results_hidden');
    const citizen = await t.signUp();
    assert.equal((await t.call('GET', `${consultationPath(c)}/results`, { token: citizen.token })).status, 403);
    const forStaff = await t.call('GET', `${consultationPath(c)}/results`, { token: staff });
    assert.equal(forStaff.status, 200);
    assert.equal(forStaff.body.final, false);
    t.clock.advance(2 * DAY);
    const closed = await t.call('GET', `${consultationPath(c)}/results`);
    assert.equal(closed.status, 200);
    assert.equal(closed.body.final, true);
    assert.equal(closed.body.status, 'closed');
    assert.equal(closed.body.ballots, 1);
  });
});

describe('quarantine', () => {
  let t: TestApp;
  let staff: string;
  let c: Consultation;
  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t)).token;
    c = await t.addConsultation({
      kind: 'vote',
      settings: MARKET,
      stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 2, windowMinutes: 60 }, perPrefix: null },
    });
  });
  after(() => t.close());

  const results = async (token?: string) => (await t.call('GET', `${consultationPath(c)}/results`, { token })).body;

  test('over the cap per address a ballot is kept but quarantined, and does not count', async () => {
    const ip = '198.51.100.20';
    for (let i = 0; i < 2; i++)
      assert.equal((await ballot(t, c, { choice: ['samedi'] }, { participant: newParticipantId(), ip })).body.ballot.status, 'accepted');
    const third = await ballot(t, c, { choice: ['samedi'] }, { participant: newParticipantId(), ip });
    assert.equal(third.status, 201, 'a quarantined ballot is still acknowledged');
    assert.equal(third.body.ballot.status, 'quarantined');
    assert.equal(third.body.ballot.counted, false);
    assert.equal((await results()).ballots, 2);
    assert.equal((await results()).quarantined, undefined);
    assert.equal((await results(staff)).quarantined, 1);
  });

  test('changing one’s own ballot from the same address never quarantines it', async () => {
    const me = newParticipantId();
    const ip = '198.51.100.30';
    for (const choice of ['mardi', 'samedi', 'dimanche', 'mardi', 'samedi']) {
      const res = await ballot(t, c, { choice: [choice] }, { participant: me, ip });
      assert.equal(res.body.ballot.status, 'accepted');
    }
    const traces = t.db.prepare("SELECT count(*) AS n FROM ip_traces WHERE participation_kind = 'ballot' AND scope = ?").get(c.id) as { n: number };
    const ballots = t.db.prepare('SELECT count(*) AS n FROM ballots WHERE consultation_id = ?').get(c.id) as { n: number };
    assert.equal(traces.n, ballots.n, 'one trace per ballot');
  });

  test('staff list quarantined ballots with their reasons but no address, hash or account', async () => {
    const res = await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff });
    assert.equal(res.status, 200);
    assert.equal(res.body.quarantined, 1);
    assert.equal(res.body.items.length, 1);
    const [item] = res.body.items;
    assert.deepEqual(Object.keys(item).sort(), ['castAt', 'choice', 'cluster', 'district', 'id', 'kind', 'participant', 'reasons', 'updatedAt']);
    assert.match(item.cluster, /^[A-Za-z0-9_-]{12}$/, 'an opaque label of its network, never its hash');
    assert.deepEqual(item.reasons, ['ip_cap']);
    assert.equal(item.participant, 'anonymous');
    assert.deepEqual(item.choice, ['samedi']);
    assert.equal(res.body.next, null);
  });

  test('only the tenant’s staff may list or review', async () => {
    assert.equal((await t.call('GET', `${consultationPath(c)}/quarantine`)).status, 401);
    const citizen = await t.signUp();
    const forbidden = await t.call('GET', `${consultationPath(c)}/quarantine`, { token: citizen.token });
    assert.equal(forbidden.status, 403);
    await t.store.tenants.upsert({ id: 'voisine', name: 'Voisine', allowedOrigins: ['https://voisine.fr'], quartiers: [], createdAt: 0 });
    const neighbour = await signUpStaff(t, undefined, ['admin'], 'voisine');
    const [item] = (await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff })).body.items;
    const review = await t.call('POST', `${consultationPath(c)}/quarantine/${item.id}`, { token: neighbour.token, json: { decision: 'accept' } });
    assert.equal(review.status, 403);
    assert.equal((await results(staff)).quarantined, 1);
  });

  test('accepting makes it count at once; reviewing it again is a 409', async () => {
    const [item] = (await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff })).body.items;
    const before = (await results()).ballots;
    const res = await t.call('POST', `${consultationPath(c)}/quarantine/${item.id}`, { token: staff, json: { decision: 'accept' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: item.id, status: 'accepted' });
    assert.equal((await results()).ballots, before + 1);
    assert.equal((await results(staff)).quarantined, 0);
    const again = await t.call('POST', `${consultationPath(c)}/quarantine/${item.id}`, { token: staff, json: { decision: 'reject' } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'ballot_not_quarantined');
    const missing = await t.call('POST', `${consultationPath(c)}/quarantine/999999`, { token: staff, json: { decision: 'accept' } });
    assert.equal(missing.status, 404);
  });

  test('rejecting keeps it out for good, even when its participant changes it; an accepted one stays accepted', async () => {
    const ip = '198.51.100.40';
    const ids = [newParticipantId(), newParticipantId(), newParticipantId(), newParticipantId()];
    for (const id of ids) await ballot(t, c, { choice: ['mardi'] }, { participant: id, ip });
    const list = (await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff })).body.items;
    assert.equal(list.length, 2);
    await t.call('POST', `${consultationPath(c)}/quarantine/${list[0].id}`, { token: staff, json: { decision: 'reject' } });
    await t.call('POST', `${consultationPath(c)}/quarantine/${list[1].id}`, { token: staff, json: { decision: 'accept' } });
    const before = await results(staff);
    assert.equal(before.rejected, 1);

    const rejected = await ballot(t, c, { choice: ['dimanche'] }, { participant: ids[2], ip });
    assert.equal(rejected.body.ballot.status, 'rejected');
    const accepted = await ballot(t, c, { choice: ['dimanche'] }, { participant: ids[3], ip });
    assert.equal(accepted.body.ballot.status, 'accepted');
    const after = await results(staff);
    assert.equal(after.ballots, before.ballots);
    assert.equal(
      after.options.find((o: { id: string }) => o.id === 'dimanche').votes,
      before.options.find((o: { id: string }) => o.id === 'dimanche').votes + 1,
    );
    assert.equal(after.rejected, 1);
  });

  test('the list pages with a cursor', async () => {
    const ip = '198.51.100.50';
    for (let i = 0; i < 5; i++) await ballot(t, c, { choice: ['mardi'] }, { participant: newParticipantId(), ip });
    const first = await t.call('GET', `${consultationPath(c)}/quarantine?limit=2`, { token: staff });
    assert.equal(first.body.quarantined, 3);
    assert.equal(first.body.items.length, 2);
    const second = await t.call('GET', `${consultationPath(c)}/quarantine?limit=2&after=${first.body.next}`, { token: staff });
    assert.equal(second.body.items.length, 1);
    assert.equal(second.body.next, null);
    assert.ok(Number(second.body.items[0].id) > Number(first.body.items[1].id));
  });
});

describe('data rights', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('ballots are exported and listed in "mes participations"', async () => {
    const c = await t.addConsultation({ kind: 'vote', settings: MARKET, slug: 'marche-export' });
    const { token } = await t.signUp();
    await ballot(t, c, { choice: ['samedi'] }, { token });
    const exported = await t.call('GET', `${tenantBase}/me/export`, { token });
    assert.equal(exported.status, 200);
    assert.equal(exported.body.ballots.length, 1);
    assert.equal(exported.body.ballots[0].consultation, 'marche-export');
    assert.deepEqual(exported.body.ballots[0].choice, ['samedi']);
    assert.ok(
      exported.body.consultations.some((x: { slug: string }) => x.slug === 'marche-export'),
      'with the privacy notice that applies',
    );
    const participations = await t.call('GET', `${tenantBase}/me/participations`, { token });
    assert.ok(participations.body.participations.some((p: { kind: string; consultationId: string }) => p.kind === 'ballot' && p.consultationId === c.id));
  });

  test('deleting the account unlinks its ballots, blurs their times, and leaves the results unchanged', async () => {
    const c = await t.addConsultation({ kind: 'vote', settings: MARKET });
    const { token, id } = await t.signUp();
    t.clock.advance(3 * HOUR + 17_000);
    await ballot(t, c, { choice: ['dimanche'] }, { token });
    const before = (await t.call('GET', `${consultationPath(c)}/results`)).body;
    const { GOOD_PASSWORD } = await import('../testing/test-app.ts');
    assert.equal((await t.call('DELETE', `${tenantBase}/me`, { token, json: { password: GOOD_PASSWORD } })).status, 204);
    assert.deepEqual((await t.call('GET', `${consultationPath(c)}/results`)).body, before);
    const row = t.db.prepare('SELECT * FROM ballots WHERE consultation_id = ?').get(c.id) as { account_id: string | null; cast_at: number; choice: string };
    assert.equal(row.account_id, null);
    assert.equal(row.cast_at % DAY, 0, 'only the day remains');
    assert.equal(row.choice, '["dimanche"]');
    const traces = t.db.prepare('SELECT count(*) AS n FROM ip_traces WHERE account_id = ?').get(id) as { n: number };
    assert.equal(traces.n, 0);
  });

  test('at the retention end every ballot loses its participant, and the counts stay', async () => {
    const c = await t.addConsultation({ kind: 'vote', settings: MARKET, closesAt: t.clock.now() + DAY, retentionEnd: t.clock.now() + 2 * DAY });
    const me = newParticipantId();
    const { token } = await t.signUp();
    await ballot(t, c, { choice: ['mardi'] }, { participant: me });
    await ballot(t, c, { choice: ['samedi'] }, { token });
    const before = (await t.call('GET', `${consultationPath(c)}/results`)).body.options;
    t.clock.advance(3 * DAY);
    const report = await t.services.retention.run();
    assert.ok(report.consultationsPurged.includes(c.id));
    const linked = t.db
      .prepare('SELECT count(*) AS n FROM ballots WHERE consultation_id = ? AND (account_id IS NOT NULL OR participant_hash IS NOT NULL)')
      .get(c.id) as { n: number };
    assert.equal(linked.n, 0);
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM ballots WHERE consultation_id = ?').get(c.id) as { n: number }).n, 2);
    assert.equal((await t.call('GET', `${consultationPath(c)}/ballot`, anonymous(me))).body.ballot, null);
    assert.deepEqual((await t.call('GET', `${consultationPath(c)}/results`)).body.options, before);
  });

  test('every table linked to an account is covered by a registry entry', async () => {
    const covered = t.services.registry.coveredTables();
    for (const table of await t.store.tablesLinkedToAccounts()) assert.ok(covered.has(table), table);
    for (const table of ['ballots', 'survey_responses', 'survey_drafts']) assert.ok(covered.has(table), table);
  });
});

describe('OpenAPI', () => {
  test('documents every vote, survey and statistics operation under its stable id', async () => {
    const t = await createTestApp();
    const doc = (await t.call('GET', '/v1/openapi.json', { origin: null })).body;
    await t.close();
    const operations = new Map<string, string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const [method, op] of Object.entries(item)) operations.set(op.operationId, `${method.toUpperCase()} ${path}`);
    }
    const slug = `/v1/tenants/{tenant}/consultations/{slug}`;
    assert.deepEqual(
      Object.fromEntries(
        [
          'castBallot',
          'getMyBallot',
          'withdrawBallot',
          'getResults',
          'listQuarantine',
          'reviewQuarantine',
          'submitSurveyResponse',
          'getSurveyDraft',
          'saveSurveyDraft',
          'getSurveyResults',
          'getStatistics',
        ].map((id) => [id, operations.get(id)]),
      ),
      {
        castBallot: `PUT ${slug}/ballot`,
        getMyBallot: `GET ${slug}/ballot`,
        withdrawBallot: `DELETE ${slug}/ballot`,
        getResults: `GET ${slug}/results`,
        listQuarantine: `GET ${slug}/quarantine`,
        reviewQuarantine: `POST ${slug}/quarantine/{participationId}`,
        submitSurveyResponse: `PUT ${slug}/response`,
        getSurveyDraft: `GET ${slug}/response-draft`,
        saveSurveyDraft: `PUT ${slug}/response-draft`,
        getSurveyResults: `GET ${slug}/survey-results`,
        getStatistics: `GET ${slug}/statistics`,
      },
    );
    assert.equal(TENANT, 'montjoli');
  });
});
