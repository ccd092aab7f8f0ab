import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, HOUR } from '../clock.ts';
import { parseSettings } from '../consultation-settings.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { demoSettings } from '../seed/demo-settings.ts';
import { createTestApp, GOOD_PASSWORD, type TestApp } from '../testing/test-app.ts';
import { anonymous, consultationPath, footprint, newParticipantId, signUpStaff, tenantBase } from '../testing/participation.ts';

/** A complete, valid answer to the demo mobility survey. */
const FULL = {
  'mode-principal': 'velo',
  motifs: ['travail', 'courses'],
  'distance-travail': 4.5,
  'frequence-bus': 'rarement',
  'velo-usage': 'souvent',
  'securite-pietons': 4,
  priorites: ['pistes', 'zone30', 'bus'],
  'note-globale': 7,
  idee: 'Une piste cyclable jusqu’à la gare, s’il vous plaît.',
};

const SMALL = {
  sections: [{ id: 's', title: 'Section' }],
  questions: [
    {
      id: 'q1',
      section: 's',
      type: 'single',
      label: 'Q1',
      required: true,
      options: [
        { id: 'oui', label: 'Oui' },
        { id: 'non', label: 'Non' },
      ],
    },
    { id: 'q2', section: 's', type: 'text', label: 'Q2', max: 200 },
  ],
};

async function submit(t: TestApp, c: Consultation, body: unknown, options: { participant?: string; token?: string; ip?: string } = {}) {
  return t.call('PUT', `${consultationPath(c)}/response`, {
    json: body,
    token: options.token,
    ip: options.ip,
    headers: options.participant ? { 'civique-participant': options.participant } : {},
  });
}

describe('survey settings', () => {
  const base = demoSettings.survey as { sections: unknown[]; questions: Record<string, unknown>[] };
  const withQuestions = (questions: Record<string, unknown>[]) => ({ ...base, questions });
  const issuesOf = (settings: unknown) => {
    try {
      parseSettings('survey', settings);
      return [];
    } catch (error) {
      return (error as { details: { issues: { path: string; message: string }[] } }).details.issues;
    }
  };

  test('the demo survey has three sections, ten questions, a condition, a scale, a text and a number', () => {
    const survey = parseSettings('survey', demoSettings.survey) as {
      sections: unknown[];
      questions: { type: string; showIf?: unknown }[];
      profileQuestions: boolean;
    };
    assert.equal(survey.sections.length, 3);
    assert.equal(survey.questions.length, 10);
    for (const type of ['scale', 'text', 'number', 'single', 'multiple', 'ranking'])
      assert.ok(
        survey.questions.some((q) => q.type === type),
        type,
      );
    assert.ok(survey.questions.some((q) => q.showIf));
    assert.equal(survey.profileQuestions, true);
  });

  test('refuses broken questionnaires with the path of each mistake', () => {
    const q = base.questions;
    const cases: [unknown, string][] = [
      [withQuestions([{ ...q[0], showIf: { question: 'velo-usage', equals: 'non' } }, ...q.slice(1)]), 'settings.questions.0.showIf'],
      [withQuestions([...q.slice(0, 5), { ...q[5], showIf: { question: 'nulle', equals: 'non' } }, ...q.slice(6)]), 'settings.questions.5.showIf'],
      [withQuestions([...q.slice(0, 5), { ...q[5], showIf: { question: 'velo-usage', equals: 'jamais' } }, ...q.slice(6)]), 'settings.questions.5.showIf'],
      [
        withQuestions([
          ...q,
          { id: 'apres-idee', section: 'avis', type: 'single', label: 'X', options: q[0].options, showIf: { question: 'idee', equals: 'x' } },
        ]),
        'settings.questions.10.showIf',
      ],
      [withQuestions([...q.slice(0, 6), { ...q[6], min: undefined }, ...q.slice(7)]), 'settings.questions.6.min'],
      [withQuestions([...q.slice(0, 9), { ...q[9], options: q[0].options }]), 'settings.questions.9.options'],
      [
        withQuestions([
          {
            ...q[0],
            options: [
              { id: 'a', label: 'A' },
              { id: 'a', label: 'B' },
            ],
          },
          ...q.slice(1),
        ]),
        'settings.questions.0.options.1.id',
      ],
      [withQuestions([...q, { ...q[9] }]), 'settings.questions.10.id'],
      [withQuestions([{ ...q[0], section: 'ailleurs' }, ...q.slice(1)]), 'settings.questions.0.section'],
      [withQuestions([...q.slice(0, 4), { ...q[4], section: 'avis' }, ...q.slice(5)]), 'settings.questions.5.section'],
      [withQuestions([q[0], { ...q[1], max: 9 }, ...q.slice(2)]), 'settings.questions.1.max'],
      [withQuestions([...q.slice(0, 6), { ...q[6], min: 1, max: 30 }, ...q.slice(7)]), 'settings.questions.6.max'],
      [{ ...base, resultsVisibility: 'everyone' }, 'settings.resultsVisibility'],
    ];
    for (const [settings, path] of cases) {
      const issues = issuesOf(settings);
      assert.ok(
        issues.some((i) => i.path === path),
        `${path} expected in ${JSON.stringify(issues)}`,
      );
    }
  });
});

describe('survey responses', () => {
  let t: TestApp;
  let staff: string;
  let survey: Consultation;
  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t)).token;
    survey = await t.addConsultation({ kind: 'survey', settings: demoSettings.survey });
  });
  after(() => t.close());

  const results = async (c: Consultation = survey, token?: string) => t.call('GET', `${consultationPath(c)}/survey-results`, { token });
  const question = (body: { questions: { id: string }[] }, id: string) => body.questions.find((q) => q.id === id) as Record<string, any>;

  test('a complete response is recorded and counted; submitting again replaces it', async () => {
    const me = newParticipantId();
    const first = await submit(t, survey, { answers: FULL, profile: { birthYear: 1984, quartier: 'Le Val Fleuri' } }, { participant: me });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.response.status, 'accepted');
    assert.equal(first.body.replaced, false);
    let body = (await results()).body;
    assert.equal(body.responses, 1);
    assert.equal(question(body, 'mode-principal').options.find((o: { id: string }) => o.id === 'velo').count, 1);

    const again = await submit(t, survey, { answers: { ...FULL, 'mode-principal': 'marche', motifs: ['loisirs'] } }, { participant: me });
    assert.equal(again.status, 200);
    assert.equal(again.body.replaced, true);
    body = (await results()).body;
    assert.equal(body.responses, 1, 'one response per participant');
    const mode = question(body, 'mode-principal').options;
    assert.equal(mode.find((o: { id: string }) => o.id === 'velo').count, 0, 'the replaced answer no longer counts');
    assert.equal(mode.find((o: { id: string }) => o.id === 'marche').count, 1);
    const motifs = question(body, 'motifs').options;
    assert.deepEqual(
      motifs.filter((o: { count: number }) => o.count > 0).map((o: { id: string }) => o.id),
      ['loisirs'],
    );
  });

  test('a required question hidden by its condition is not required; shown, it is', async () => {
    const { 'velo-usage': _, ...rest } = FULL;
    const hidden = await submit(t, survey, { answers: { ...rest, 'velo-usage': 'parfois' } }, { participant: newParticipantId() });
    assert.equal(hidden.status, 201, JSON.stringify(hidden.body));
    const before = footprint(t);
    const shown = await submit(t, survey, { answers: { ...rest, 'velo-usage': 'non' } }, { participant: newParticipantId() });
    assert.equal(shown.status, 422);
    assert.equal(shown.body.error.code, 'survey_answers_invalid');
    assert.deepEqual(shown.body.error.issues, [{ path: 'answers.velo-freins', message: 'An answer is required' }]);
    assert.deepEqual(footprint(t), before);
    const answered = await submit(
      t,
      survey,
      { answers: { ...rest, 'velo-usage': 'non', 'velo-freins': ['relief', 'securite'] } },
      { participant: newParticipantId() },
    );
    assert.equal(answered.status, 201);
  });

  test('every wrong answer is reported at once, by path, and nothing is written', async () => {
    const before = footprint(t);
    const res = await submit(
      t,
      survey,
      {
        answers: {
          'mode-principal': ['velo'],
          motifs: ['travail', 'etudes', 'courses', 'loisirs'],
          'distance-travail': -2,
          'frequence-bus': 'parfois',
          'velo-usage': 'souvent',
          'velo-freins': ['relief'],
          'securite-pietons': 2.5,
          priorites: ['pistes', 'pistes', 'bus'],
          'note-globale': 11,
          idee: 'x'.repeat(1001),
          inconnue: 'oui',
        },
      },
      { participant: newParticipantId() },
    );
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.issues.map((i: { path: string }) => i.path).sort(), [
      'answers.distance-travail',
      'answers.frequence-bus',
      'answers.idee',
      'answers.inconnue',
      'answers.mode-principal',
      'answers.motifs',
      'answers.note-globale',
      'answers.priorites',
      'answers.securite-pietons',
      'answers.velo-freins',
    ]);
    assert.match(res.body.error.issues.find((i: { path: string }) => i.path === 'answers.velo-freins').message, /not asked/);
    assert.deepEqual(footprint(t), before);
  });

  test('missing required answers, text with control characters and too short rankings are refused', async () => {
    const res = await submit(t, survey, { answers: { ...FULL, 'mode-principal': '', priorites: ['pistes'] } }, { participant: newParticipantId() });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.issues.map((i: { path: string }) => i.path).sort(), ['answers.mode-principal', 'answers.priorites']);
    // A control character is refused at the edge, before any rule of the survey.
    const control = await submit(t, survey, { answers: { ...FULL, idee: 'ligne 1\u0007' } }, { participant: newParticipantId() });
    assert.equal(control.status, 400);
    assert.deepEqual(
      control.body.error.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
      [['answers.idee', 'forbidden_character']],
    );
  });

  test('profile answers are optional, checked, and only taken when the survey asks for them', async () => {
    const badQuartier = await submit(t, survey, { answers: FULL, profile: { quartier: 'Atlantide' } }, { participant: newParticipantId() });
    assert.equal(badQuartier.status, 422);
    assert.equal(badQuartier.body.error.issues[0].path, 'profile.quartier');
    const badYear = await submit(t, survey, { answers: FULL, profile: { birthYear: 3000 } }, { participant: newParticipantId() });
    assert.equal(badYear.status, 400);
    const small = await t.addConsultation({ kind: 'survey', settings: SMALL });
    const notAsked = await submit(t, small, { answers: { q1: 'oui' }, profile: { gender: 'female' } }, { participant: newParticipantId() });
    assert.equal(notAsked.status, 422);
    assert.equal(notAsked.body.error.issues[0].path, 'profile');
    assert.equal((await submit(t, small, { answers: { q1: 'oui' } }, { participant: newParticipantId() })).status, 201);
  });

  test('the consultation’s rules apply: open, anonymous id or account', async () => {
    const closed = await t.addConsultation({ kind: 'survey', settings: SMALL, opensAt: t.clock.now() - 2 * DAY, closesAt: t.clock.now() - DAY });
    const before = footprint(t);
    const late = await submit(t, closed, { answers: { q1: 'oui' } }, { participant: newParticipantId() });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'consultation_closed');
    const nobody = await submit(t, survey, { answers: FULL });
    assert.equal(nobody.status, 400);
    assert.equal(nobody.body.error.code, 'participant_required');
    const vote = await t.addConsultation({
      kind: 'vote',
      settings: {
        mode: 'single',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    });
    assert.equal((await submit(t, vote, { answers: { q1: 'oui' } }, { participant: newParticipantId() })).body.error.code, 'consultation_kind_mismatch');
    assert.deepEqual(footprint(t), before);
  });

  test('results: counts and shares per option, scale distributions with every step, number statistics, Borda for rankings', async () => {
    const c = await t.addConsultation({ kind: 'survey', settings: demoSettings.survey });
    const answers = [
      { ...FULL, 'securite-pietons': 1, 'distance-travail': 2, priorites: ['bus', 'pistes', 'zone30'] },
      { ...FULL, 'securite-pietons': 5, 'distance-travail': 10, priorites: ['pistes', 'bus', 'zone30', 'trottoirs', 'parkings'] },
      { ...FULL, 'securite-pietons': 5, 'distance-travail': 2, 'mode-principal': 'bus', idee: '' },
    ];
    for (const a of answers) assert.equal((await submit(t, c, { answers: a }, { participant: newParticipantId() })).status, 201);
    const body = (await results(c)).body;
    assert.equal(body.responses, 3);
    const mode = question(body, 'mode-principal');
    assert.equal(mode.answered, 3);
    assert.deepEqual(
      mode.options.filter((o: { count: number }) => o.count > 0).map((o: { id: string; count: number; share: number }) => [o.id, o.count, o.share]),
      [
        ['bus', 1, 0.3333],
        ['velo', 2, 0.6667],
      ],
    );
    const scale = question(body, 'securite-pietons');
    assert.deepEqual(scale.distribution, [
      { value: 1, count: 1 },
      { value: 2, count: 0 },
      { value: 3, count: 0 },
      { value: 4, count: 0 },
      { value: 5, count: 2 },
    ]);
    assert.equal(scale.mean, 3.67);
    assert.equal(scale.median, 5);
    const distance = question(body, 'distance-travail');
    assert.deepEqual(distance.distribution, [
      { value: 2, count: 2 },
      { value: 10, count: 1 },
    ]);
    assert.equal(distance.median, 2);
    const ranking = question(body, 'priorites');
    const points = Object.fromEntries(ranking.options.map((o: { id: string; bordaPoints: number }) => [o.id, o.bordaPoints]));
    // bus: 3 + 4 + 1 (third of 3), pistes: 2 + 5 + 3, zone30: 1 + 3 + 2 …
    assert.deepEqual(points, { pistes: 10, bus: 8, trottoirs: 2, zone30: 6, parkings: 1 });
    assert.equal(question(body, 'idee').answered, 2, 'an empty text is no answer');
    assert.equal(question(body, 'idee').textAnswers, undefined, 'free text is for staff only');
    const forStaff = (await results(c, staff)).body;
    assert.deepEqual(question(forStaff, 'idee').textAnswers, [FULL.idee, FULL.idee]);
    assert.equal(forStaff.quarantined, 0);
  });

  test('results follow the survey’s visibility', async () => {
    const staffOnly = await t.addConsultation({ kind: 'survey', settings: { ...SMALL, resultsVisibility: 'staff' } });
    const hidden = await results(staffOnly);
    assert.equal(hidden.status, 403);
    assert.equal(hidden.body.error.code, 'results_hidden');
    assert.equal((await results(staffOnly, staff)).status, 200);
    const afterClose = await t.addConsultation({ kind: 'survey', settings: { ...SMALL, resultsVisibility: 'after_close' }, closesAt: t.clock.now() + DAY });
    assert.equal((await results(afterClose)).status, 403);
    t.clock.advance(2 * DAY);
    const closed = await results(afterClose);
    assert.equal(closed.status, 200);
    assert.equal(closed.body.final, true);
  });

  test('over the caps a response is quarantined; staff see its answers and accept it into the counts', async () => {
    const staff = (await signUpStaff(t)).token; // a fresh session: earlier tests moved the clock past the first one
    const c = await t.addConsultation({
      kind: 'survey',
      settings: SMALL,
      stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 1, windowMinutes: 60 }, perPrefix: null },
    });
    const ip = '198.51.100.60';
    assert.equal((await submit(t, c, { answers: { q1: 'oui' } }, { participant: newParticipantId(), ip })).body.response.status, 'accepted');
    const held = await submit(t, c, { answers: { q1: 'non', q2: 'Encore moi' } }, { participant: newParticipantId(), ip });
    assert.equal(held.body.response.status, 'quarantined');
    assert.equal((await results(c, staff)).body.responses, 1);
    const list = await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff });
    assert.equal(list.body.quarantined, 1);
    assert.equal(list.body.items[0].kind, 'surveyResponse');
    assert.deepEqual(list.body.items[0].answers, { q1: 'non', q2: 'Encore moi' });
    const review = await t.call('POST', `${consultationPath(c)}/quarantine/${list.body.items[0].id}`, { token: staff, json: { decision: 'accept' } });
    assert.deepEqual(review.body, { id: list.body.items[0].id, status: 'accepted' });
    const again = await t.call('POST', `${consultationPath(c)}/quarantine/${list.body.items[0].id}`, { token: staff, json: { decision: 'reject' } });
    assert.equal(again.status, 409, 'a response already reviewed cannot be reviewed again');
    assert.equal(again.body.error.code, 'response_not_quarantined');
    const body = (await results(c, staff)).body;
    assert.equal(body.responses, 2);
    assert.equal(body.questions[0].options[1].count, 1);
    assert.deepEqual(body.questions[1].textAnswers, ['Encore moi']);
    const counters = await t.store.surveys.tallies(c.id);
    const recount = await t.store.surveys.recount(c.id);
    const key = (r: { questionId: string; value: string }) => `${r.questionId}/${r.value}`;
    assert.deepEqual(
      counters.rows.filter((r) => r.count !== 0).sort((a, b) => key(a).localeCompare(key(b))),
      recount.rows.sort((a, b) => key(a).localeCompare(key(b))),
    );
  });
});

describe('survey drafts', () => {
  let t: TestApp;
  let survey: Consultation;
  before(async () => {
    t = await createTestApp();
    survey = await t.addConsultation({ kind: 'survey', settings: demoSettings.survey });
  });
  after(() => t.close());
  const draftPath = () => `${consultationPath(survey)}/response-draft`;

  test('a signed-in citizen saves partial answers, finds them again, and loses the draft when submitting', async () => {
    const { token } = await t.signUp();
    assert.deepEqual((await t.call('GET', draftPath(), { token })).body, { draft: null });
    const partial = { 'mode-principal': 'bus', 'velo-usage': 'non', idee: 'À fin' };
    const saved = await t.call('PUT', draftPath(), { token, json: { answers: partial, profile: { quartier: 'Les Coteaux' } } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    t.clock.advance(6 * HOUR);
    const resumed = await t.call('GET', draftPath(), { token });
    assert.deepEqual(resumed.body.draft.answers, partial);
    assert.deepEqual(resumed.body.draft.profile, { quartier: 'Les Coteaux' });
    assert.equal(resumed.body.draft.savedAt, saved.body.draft.savedAt);

    const submitted = await submit(t, survey, { answers: { ...FULL, 'mode-principal': 'bus' } }, { token });
    assert.equal(submitted.status, 201);
    assert.deepEqual((await t.call('GET', draftPath(), { token })).body, { draft: null });
  });

  test('drafts are for accounts, and hold only answers to known questions, of the right shape', async () => {
    assert.equal((await t.call('GET', draftPath(), anonymous(newParticipantId()))).status, 401);
    assert.equal((await t.call('PUT', draftPath(), { json: { answers: {} } })).status, 401);
    const { token } = await t.signUp();
    const before = footprint(t);
    const wrong = await t.call('PUT', draftPath(), { token, json: { answers: { 'securite-pietons': 'beaucoup', inconnue: 1 } } });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.body.error.issues.map((i: { path: string }) => i.path).sort(), ['answers.inconnue', 'answers.securite-pietons']);
    assert.deepEqual(footprint(t), before);
  });
});

describe('survey data rights', () => {
  let t: TestApp;
  let survey: Consultation;
  before(async () => {
    t = await createTestApp();
    survey = await t.addConsultation({
      kind: 'survey',
      settings: demoSettings.survey,
      slug: 'avis-test',
      closesAt: t.clock.now() + 10 * DAY,
      retentionEnd: t.clock.now() + 20 * DAY,
    });
  });
  after(() => t.close());

  test('responses and drafts are exported; erasure deletes drafts, keeps responses counted but unlinked and without profile', async () => {
    const { token, id } = await t.signUp();
    await submit(t, survey, { answers: FULL, profile: { birthYear: 1990, gender: 'female' } }, { token });
    const other = await t.addConsultation({ kind: 'survey', settings: demoSettings.survey });
    await t.call('PUT', `${consultationPath(other)}/response-draft`, { token, json: { answers: { 'mode-principal': 'bus' } } });

    const exported = (await t.call('GET', `${tenantBase}/me/export`, { token })).body;
    assert.equal(exported.surveyResponses.responses.length, 1);
    assert.equal(exported.surveyResponses.responses[0].consultation, 'avis-test');
    assert.deepEqual(exported.surveyResponses.responses[0].profile, { birthYear: 1990, gender: 'female' });
    assert.equal(exported.surveyResponses.drafts.length, 1);
    const participations = (await t.call('GET', `${tenantBase}/me/participations`, { token })).body.participations;
    assert.ok(participations.some((p: { kind: string }) => p.kind === 'surveyResponse'));

    const before = (await t.call('GET', `${consultationPath(survey)}/survey-results`)).body;
    assert.equal((await t.call('DELETE', `${tenantBase}/me`, { token, json: { password: GOOD_PASSWORD } })).status, 204);
    assert.deepEqual((await t.call('GET', `${consultationPath(survey)}/survey-results`)).body, before);
    const row = t.db.prepare('SELECT account_id, profile, answers FROM survey_responses WHERE consultation_id = ?').get(survey.id) as Record<string, unknown>;
    assert.equal(row.account_id, null);
    assert.equal(row.profile, null);
    assert.ok(String(row.answers).includes('velo'));
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM survey_drafts WHERE account_id = ?').get(id) as { n: number }).n, 0);
  });

  test('at the retention end responses lose their participant and drafts are deleted', async () => {
    const me = newParticipantId();
    await submit(t, survey, { answers: FULL }, { participant: me });
    const { token } = await t.signUp();
    await t.call('PUT', `${consultationPath(survey)}/response-draft`, { token, json: { answers: { 'mode-principal': 'bus' } } });
    t.clock.advance(21 * DAY);
    await t.services.retention.run();
    const linked = t.db
      .prepare('SELECT count(*) AS n FROM survey_responses WHERE consultation_id = ? AND (account_id IS NOT NULL OR participant_hash IS NOT NULL)')
      .get(survey.id) as { n: number };
    assert.equal(linked.n, 0);
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM survey_drafts WHERE consultation_id = ?').get(survey.id) as { n: number }).n, 0);
    assert.equal((await t.call('GET', `${consultationPath(survey)}/survey-results`)).body.responses, 2);
  });
});
