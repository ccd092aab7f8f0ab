import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, HOUR } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { survivingStrings } from '../testing/database-bytes.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { consultationPath, newParticipantId, signUpStaff } from '../testing/participation.ts';

const SURVEY = {
  sections: [{ id: 's', title: 'Section' }],
  questions: [
    {
      id: 'avis',
      section: 's',
      type: 'single',
      label: 'Avis',
      options: [
        { id: 'oui', label: 'Oui' },
        { id: 'non', label: 'Non' },
      ],
    },
    { id: 'note', section: 's', type: 'scale', label: 'Note', min: 1, max: 5 },
    { id: 'idee', section: 's', type: 'text', label: 'Une idée ?' },
  ],
  profileQuestions: true,
};
const VOTE = {
  mode: 'single',
  options: [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
};
const BUDGET = {
  budget: 100,
  projects: [
    { id: 'p1', title: 'P1', cost: 40 },
    { id: 'p2', title: 'P2', cost: 50 },
  ],
};

/** What a citizen typed that must not outlive the retention end. */
const FREE_TEXT = 'Rappelez-moi : Jean Dupont 0612345678';
const DRAFT_TEXT = 'Brouillon de Marcel Brouillon-Unique';
const CITY = 'Villeneuve-Saint-Unique';

describe('retention end: every kind of consultation keeps nothing personal', () => {
  let t: TestApp;
  let staff: string;
  let ip = 0;
  const purgedAt = () => t.clock.now() + 20 * DAY;
  const consultations: Record<'survey' | 'vote' | 'budget', Consultation> = {} as never;

  before(async () => {
    t = await createTestApp({ file: true });
    staff = (await signUpStaff(t)).token;
    const dates = { closesAt: t.clock.now() + 5 * DAY, retentionEnd: t.clock.now() + 10 * DAY };
    consultations.survey = await t.addConsultation({ kind: 'survey', settings: SURVEY, ...dates });
    consultations.vote = await t.addConsultation({ kind: 'vote', settings: VOTE, ...dates });
    consultations.budget = await t.addConsultation({ kind: 'budget', settings: BUDGET, ...dates });
  });
  after(() => t.close());

  const put = (c: Consultation, what: string, json: unknown, who: { token?: string; participant?: string }) =>
    t.call('PUT', `${consultationPath(c)}/${what}`, {
      json,
      token: who.token,
      headers: who.participant ? { 'civique-participant': who.participant } : {},
      ip: `203.0.113.${++ip}`,
    });

  test('free text, profile answers, exact times and every link are gone; counts and published statistics stay', async () => {
    const citizen = await t.signUp('purge-citoyen@example.fr');
    const drafter = await t.signUp('purge-brouillon@example.fr');
    for (let i = 0; i < 6; i++) {
      const res = await put(
        consultations.survey,
        'response',
        {
          answers: { avis: 'oui', note: 4, idee: `Idée anonyme numéro ${i}` },
          profile: { gender: 'female', birthYear: 1990, city: 'Montjoli' },
        },
        { participant: newParticipantId() },
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      t.clock.advance(7 * 60 * 1000 + 13);
    }
    const mine = await put(
      consultations.survey,
      'response',
      {
        answers: { avis: 'non', note: 2, idee: FREE_TEXT },
        profile: { gender: 'male', birthYear: 1977, city: CITY, quartier: 'Centre-ville', pcsGroup: 4 },
      },
      { token: citizen.token },
    );
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    const draft = await put(consultations.survey, 'response-draft', { answers: { idee: DRAFT_TEXT }, profile: { city: CITY } }, { token: drafter.token });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    for (const [c, choice] of [
      [consultations.vote, { choice: ['a'] }],
      [consultations.budget, { choice: ['p1'] }],
    ] as const) {
      assert.ok([200, 201].includes((await put(c, 'ballot', choice, { token: citizen.token })).status));
      assert.ok([200, 201].includes((await put(c, 'ballot', choice, { participant: newParticipantId() })).status));
    }
    t.clock.advance(3 * HOUR + 17);

    const statisticsBefore = (await t.call('GET', `${consultationPath(consultations.survey)}/statistics`, { token: staff })).body;
    const voteStatisticsBefore = (await t.call('GET', `${consultationPath(consultations.vote)}/statistics`, { token: staff })).body;
    const resultsBefore = (await t.call('GET', `${consultationPath(consultations.survey)}/survey-results`, { token: staff })).body;
    const votesBefore = (await t.call('GET', `${consultationPath(consultations.budget)}/results`, { token: staff })).body;
    assert.equal(statisticsBefore.participants, 7);
    assert.ok(resultsBefore.questions[2].textAnswers.includes(FREE_TEXT), 'the free text is there before the retention end');
    assert.notDeepEqual(survivingStrings(t, [FREE_TEXT, CITY, DRAFT_TEXT]), [], 'the strings are on disk before the purge');

    t.clock.set(purgedAt());
    const report = await t.services.retention.run();
    assert.deepEqual(new Set(report.consultationsPurged), new Set(Object.values(consultations).map((c) => c.id)));

    assert.deepEqual(survivingStrings(t, ['Jean Dupont', '0612345678', 'Idée anonyme', CITY, 'Brouillon-Unique']), []);
    const ids = Object.values(consultations).map((c) => c.id);
    const inPurged = `consultation_id IN (${ids.map(() => '?').join(', ')})`;
    for (const table of ['ballots', 'survey_responses']) {
      assert.equal(
        t.count(`SELECT count(*) FROM ${table} WHERE ${inPurged} AND (account_id IS NOT NULL OR participant_hash IS NOT NULL)`, ...ids),
        0,
        `${table}: links`,
      );
    }
    assert.equal(t.count('SELECT count(*) FROM survey_responses WHERE profile IS NOT NULL'), 0, 'profile answers');
    assert.equal(t.count('SELECT count(*) FROM survey_drafts'), 0, 'drafts');
    assert.equal(t.count(`SELECT count(*) FROM ip_traces WHERE scope IN (${ids.map(() => '?').join(', ')})`, ...ids), 0, 'traces');
    const exactTimes = t.count(`
      SELECT (SELECT count(*) FROM ballots WHERE cast_at % ${DAY} != 0 OR updated_at % ${DAY} != 0 OR reviewed_at % ${DAY} != 0)
        + (SELECT count(*) FROM survey_responses WHERE submitted_at % ${DAY} != 0 OR updated_at % ${DAY} != 0 OR reviewed_at % ${DAY} != 0)`);
    assert.equal(exactTimes, 0, 'times cut to the day');
    const answers = (t.db.prepare('SELECT answers FROM survey_responses ORDER BY id').all() as { answers: string }[]).map((r) => JSON.parse(r.answers));
    assert.deepEqual(answers.at(-1), { avis: 'non', note: 2 }, 'closed answers stay, free text goes');

    staff = (await signUpStaff(t)).token; // the first session has expired in the meantime
    const statisticsAfter = (await t.call('GET', `${consultationPath(consultations.survey)}/statistics`, { token: staff })).body;
    assert.deepEqual(statisticsAfter, statisticsBefore, 'the published statistics stay, as aggregates');
    assert.deepEqual(
      statisticsAfter.dimensions.gender.cells.map((c: { count: number | null }) => c.count),
      [null, null, 0],
      'small cells stay suppressed',
    );
    assert.deepEqual((await t.call('GET', `${consultationPath(consultations.vote)}/statistics`, { token: staff })).body, voteStatisticsBefore);
    const resultsAfter = (await t.call('GET', `${consultationPath(consultations.survey)}/survey-results`, { token: staff })).body;
    assert.deepEqual(resultsAfter.questions[2].textAnswers, []);
    assert.deepEqual(resultsAfter.questions.slice(0, 2), resultsBefore.questions.slice(0, 2), 'closed answers still count');
    const votesAfter = (await t.call('GET', `${consultationPath(consultations.budget)}/results`, { token: staff })).body;
    assert.deepEqual({ ...votesAfter, status: 'open', final: false }, votesBefore, 'the budget still counts the same (it has closed since)');
    assert.deepEqual(await t.services.rights.participations(citizen.id), [], 'no longer linked to the account');
  });
});
