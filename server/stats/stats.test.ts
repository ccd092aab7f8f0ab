import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Consultation } from '../consultations/consultations.store.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { consultationPath, newParticipantId, signUpStaff } from '../testing/participation.ts';
import { MIN_CELL, suppressSmallCells, type Cell } from './stats.service.ts';

const cells = (...counts: number[]): Cell[] => counts.map((count, i) => ({ value: `v${i}`, label: `V${i}`, count }));
const counts = (dimension: { cells: { count: number | null }[] }) => dimension.cells.map((c) => c.count);

describe('small-cell suppression', () => {
  test('publishes dimensions where every cell has at least 5 people', () => {
    assert.deepEqual(suppressSmallCells(cells(5, 12, 40)), { total: 57, cells: cells(5, 12, 40) });
  });

  test('a single small cell takes the next smallest with it, so the total cannot give it away', () => {
    const published = suppressSmallCells(cells(3, 9, 40));
    assert.equal(published.total, 52);
    assert.deepEqual(counts(published), [null, null, 40]);
  });

  test('small cells that together still count fewer than 5 take more cells with them', () => {
    assert.deepEqual(counts(suppressSmallCells(cells(1, 2, 40, 50))), [null, null, null, 50]);
  });

  test('empty cells stay 0 and never serve as the complement', () => {
    assert.deepEqual(counts(suppressSmallCells(cells(0, 3, 9, 40))), [0, null, null, 40]);
  });

  test('a dimension of fewer than 5 people is withheld entirely', () => {
    assert.deepEqual(suppressSmallCells(cells(0, 3, 1)), { total: null, cells: cells(0, 3, 1).map((c) => ({ ...c, count: null })) });
    assert.deepEqual(suppressSmallCells(cells(0, 0)), { total: 0, cells: cells(0, 0) });
  });

  test('whatever the counts, no group under 5 can be read or computed from what is published', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(30), { minLength: 1, maxLength: 9 }), (raw) => {
        const published = suppressSmallCells(cells(...raw));
        const shown = published.cells.filter((c) => c.count !== null).map((c) => c.count!);
        assert.ok(
          shown.every((n) => n === 0 || n >= MIN_CELL),
          'no small count shown',
        );
        if (published.total === null) {
          assert.ok(published.cells.every((c) => c.count === null));
          return;
        }
        const hidden = published.cells.filter((c) => c.count === null);
        if (hidden.length === 0) return;
        // What a reader can compute: the sum of the hidden cells. It must cover 2+ cells and 5+ people.
        assert.ok(hidden.length >= 2, 'never a single hidden cell');
        assert.ok(published.total - shown.reduce((a, b) => a + b, 0) >= MIN_CELL, 'hidden cells add up to 5 or more');
        // And every published count is the true one.
        published.cells.forEach((c, i) => c.count === null || assert.equal(c.count, raw[i]));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('statistics', () => {
  let t: TestApp;
  let voterNumber = 0;
  let staff: string;
  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t)).token;
  });
  after(() => t.close());

  const withProfile = async (profile: Record<string, unknown>, flags: { restricted?: boolean; objected?: boolean } = {}) => {
    const citizen = await t.signUp();
    const res = await t.call('PATCH', `/v1/tenants/montjoli/me`, { token: citizen.token, json: { profile, ...flags } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return citizen.token;
  };

  test('a vote’s participants by age, gender, city, quartier and PCS group: given data only, restricted and objecting accounts out, small cells suppressed', async () => {
    const c = await t.addConsultation({
      kind: 'vote',
      settings: {
        mode: 'single',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    });
    const cast = (options: { token?: string; participant?: string }) =>
      t.call('PUT', `${consultationPath(c)}/ballot`, {
        json: { choice: ['a'] },
        token: options.token,
        headers: options.participant ? { 'civique-participant': options.participant } : {},
        ip: `203.0.113.${++voterNumber}`,
      });
    const voters: [Record<string, unknown>, { restricted?: boolean; objected?: boolean }?][] = [
      ...Array.from(
        { length: 7 },
        () => [{ gender: 'female', birthYear: 1990, quartier: 'Centre-ville', pcsGroup: 3, city: 'Montjoli' }] as [Record<string, unknown>],
      ),
      ...Array.from(
        { length: 5 },
        () => [{ gender: 'male', birthYear: 2000, quartier: 'Les Coteaux', pcsGroup: 5, city: ' montjoli ' }] as [Record<string, unknown>],
      ),
      [{ gender: 'other', birthYear: 1950, quartier: 'Le Val Fleuri', pcsGroup: 3, city: 'Brunoy' }],
      [{ gender: 'female', birthYear: 1990, quartier: 'Centre-ville', pcsGroup: 3 }, { restricted: true }],
      [{ gender: 'female', birthYear: 1990, quartier: 'Centre-ville', pcsGroup: 3 }, { restricted: true }],
      [{ gender: 'male', birthYear: 1990, quartier: 'Centre-ville', pcsGroup: 3 }, { objected: true }],
      [{}],
    ];
    for (const [profile, flags] of voters) assert.ok([200, 201].includes((await cast({ token: await withProfile(profile, flags) })).status));
    for (let i = 0; i < 3; i++) await cast({ participant: newParticipantId() });

    const res = await t.call('GET', `${consultationPath(c)}/statistics`, { token: staff });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { dimensions } = res.body;
    assert.equal(res.body.participants, 20, 'every counted ballot');
    assert.equal(res.body.minCellSize, 5);
    assert.equal(res.body.ageReferenceYear, 2027);

    // 13 eligible people gave their gender: 7 women, 5 men, 1 "other" — suppressed, and the 5 men with it.
    assert.equal(dimensions.gender.total, 13);
    assert.deepEqual(
      dimensions.gender.cells.map((c: { value: string; count: number | null }) => [c.value, c.count]),
      [
        ['female', 7],
        ['male', null],
        ['other', null],
      ],
    );
    assert.deepEqual(counts(dimensions.ageBracket), [0, 0, null, 7, 0, null]);
    assert.deepEqual(
      dimensions.pcsGroup.cells.filter((c: { count: number }) => c.count !== 0).map((c: { value: string; count: number }) => [c.value, c.count]),
      [
        ['3', 8],
        ['5', 5],
      ],
    );
    assert.equal(dimensions.pcsGroup.total, 13);
    // Quartiers: the tenant's list, in order; Le Val Fleuri (1) is suppressed with Les Coteaux (5).
    assert.deepEqual(
      dimensions.quartier.cells.map((c: { value: string; count: number | null }) => [c.value, c.count]),
      [
        ['Centre-ville', 7],
        ['Les Coteaux', null],
        ['Le Val Fleuri', null],
        ['Quartier de la Gare', 0],
        ['Les Prés Hauts', 0],
      ],
    );
    // Cities are free text: "Montjoli" and " montjoli " are one city; Brunoy (1) is not even named.
    assert.deepEqual(
      dimensions.city.cells.map((c: { value: string; label: string }) => [c.value, c.label]),
      [
        ['Montjoli', 'Montjoli'],
        ['other', 'Autres communes'],
      ],
    );
    assert.deepEqual(counts(dimensions.city), [null, null]);
    assert.equal(dimensions.city.total, 13);
    assert.ok(!JSON.stringify(res.body).includes('Brunoy'));
  });

  test('a survey’s own profile answers count, before the account profile, for anonymous participants too', async () => {
    const c = await t.addConsultation({
      kind: 'survey',
      settings: {
        sections: [{ id: 's', title: 'S' }],
        questions: [
          {
            id: 'q',
            section: 's',
            type: 'single',
            label: 'Q',
            options: [
              { id: 'a', label: 'A' },
              { id: 'b', label: 'B' },
            ],
          },
        ],
        profileQuestions: true,
      },
    });
    const respond = (profile: Record<string, unknown> | undefined, options: { token?: string; participant?: string }) =>
      t.call('PUT', `${consultationPath(c)}/response`, {
        json: { answers: { q: 'a' }, ...(profile ? { profile } : {}) },
        token: options.token,
        headers: options.participant ? { 'civique-participant': options.participant } : {},
        ip: `198.51.100.${++voterNumber}`,
      });
    for (let i = 0; i < 5; i++) assert.equal((await respond({ gender: 'female', birthYear: 2001 }, { participant: newParticipantId() })).status, 201);
    const account = await withProfile({ gender: 'male', birthYear: 1990 });
    assert.equal((await respond({ gender: 'female' }, { token: account })).status, 201);
    const restricted = await withProfile({}, { restricted: true });
    assert.equal((await respond({ gender: 'male', birthYear: 1990 }, { token: restricted })).status, 201);

    const { body } = await t.call('GET', `${consultationPath(c)}/statistics`, { token: staff });
    assert.equal(body.participants, 7);
    assert.deepEqual(counts(body.dimensions.gender), [6, 0, 0], 'the survey answer wins over the account profile; the restricted account is out');
    // 2001 → 25–34 (5 people), and the account's 1990 → 35–49 (1 person): suppressed with its complement.
    assert.deepEqual(counts(body.dimensions.ageBracket), [0, 0, null, null, 0, 0]);
    assert.equal(body.dimensions.ageBracket.total, 6);
  });

  test('only the tenant’s staff read statistics', async () => {
    const c: Consultation = await t.addConsultation({
      kind: 'vote',
      settings: {
        mode: 'single',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    });
    assert.equal((await t.call('GET', `${consultationPath(c)}/statistics`)).status, 401);
    const citizen = await t.signUp();
    assert.equal((await t.call('GET', `${consultationPath(c)}/statistics`, { token: citizen.token })).status, 403);
    const empty = await t.call('GET', `${consultationPath(c)}/statistics`, { token: staff });
    assert.equal(empty.status, 200);
    assert.equal(empty.body.participants, 0);
    assert.equal(empty.body.dimensions.gender.total, 0);
  });
});

describe('participation over time', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('counted participations per day in Paris time, empty days included, restricted accounts and quarantine left out', async () => {
    t.clock.set(Date.parse('2027-02-28T12:00:00Z'));
    const c = await t.addConsultation({
      kind: 'vote',
      opensAt: t.clock.now(),
      closesAt: Date.parse('2027-04-30T00:00:00Z'),
      settings: {
        mode: 'single',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
      stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 3, windowMinutes: 1440 }, perPrefix: null, perSite: null },
    });
    let voter = 0;
    const castAt = async (instant: string, options: { restricted?: boolean; ip?: string } = {}) => {
      t.clock.set(Date.parse(instant));
      const citizen = await t.signUp();
      if (options.restricted) await t.call('PATCH', `/v1/tenants/montjoli/me`, { token: citizen.token, json: { restricted: true } });
      const res = await t.call('PUT', `${consultationPath(c)}/ballot`, {
        json: { choice: ['a'] },
        token: citizen.token,
        ip: options.ip ?? `192.0.2.${++voter}`,
      });
      assert.ok([200, 201].includes(res.status), JSON.stringify(res.body));
      return res.body;
    };
    await castAt('2027-03-01T22:30:00Z'); // 23:30 in Paris (UTC+1): 1 March
    await castAt('2027-03-01T23:30:00Z'); // 00:30 in Paris: 2 March
    await castAt('2027-03-04T09:00:00Z');
    await castAt('2027-03-04T15:00:00Z');
    await castAt('2027-03-04T16:00:00Z', { restricted: true });
    // The same address a fourth time the same day: over its cap, quarantined, not counted.
    for (let i = 0; i < 3; i++) await castAt(`2027-03-05T0${i + 1}:00:00Z`, { ip: '198.51.100.77' });
    const quarantined = await castAt('2027-03-05T08:00:00Z', { ip: '198.51.100.77' });
    assert.equal(quarantined.ballot.status, 'quarantined');
    await castAt('2027-03-28T22:30:00Z'); // 00:30 in Paris, summer time (UTC+2) since that night: 29 March

    const staff = (await signUpStaff(t, 'stats-jours@montjoli.fr', ['moderator'])).token;
    const res = await t.call('GET', `${consultationPath(c)}/statistics`, { token: staff });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const series = res.body.participationByDay as { day: string; count: number }[];
    assert.equal(series[0].day, '2027-03-01');
    assert.equal(series.at(-1)!.day, '2027-03-29');
    assert.equal(series.length, 29, 'every day from the first to the last');
    assert.deepEqual(
      series.filter((d) => d.count > 0),
      [
        { day: '2027-03-01', count: 1 },
        { day: '2027-03-02', count: 1 },
        { day: '2027-03-04', count: 2 },
        { day: '2027-03-05', count: 3 },
        { day: '2027-03-29', count: 1 },
      ],
    );
    assert.equal(res.body.participants, 9, 'the restricted account still counts in the results, not in statistics');
  });
});
