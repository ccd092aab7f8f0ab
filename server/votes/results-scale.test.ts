import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Consultation } from '../consultations/consultations.store.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { consultationPath, newParticipantId } from '../testing/participation.ts';

const MILLION = 1_000_000;

let t: TestApp;
let c: Consultation;

before(async () => {
  t = await createTestApp();
  c = await t.addConsultation({
    kind: 'vote',
    settings: { mode: 'single', options: ['mardi', 'samedi', 'dimanche'].map((id) => ({ id, label: id })) },
  });
  // A million ballots, every one for "mardi", written straight into the table in one transaction. The
  // counters are then set to figures the ballots do NOT give (7 / 11 / 0): results can only show them if they
  // are read from the counters, never from the ballots.
  const now = t.clock.now();
  t.db.transaction(() => {
    t.db
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count)
         INSERT INTO ballots (consultation_id, participant_hash, choice, status, cast_at, updated_at)
         SELECT :consultationId, unhex(printf('%064x', i)), '["mardi"]', 'accepted', :now, :now FROM n`,
      )
      .run({ count: MILLION, consultationId: c.id, now });
    const tally = t.db.prepare("INSERT INTO ballot_tallies (consultation_id, district, option_id, votes, first, points) VALUES (?, '', ?, ?, ?, ?)");
    tally.run(c.id, 'mardi', 7, 7, 7);
    tally.run(c.id, 'samedi', 11, 11, 11);
    t.db.prepare("INSERT INTO ballot_totals (consultation_id, district, counted, quarantined, rejected) VALUES (?, '', 18, 0, 0)").run(c.id);
  })();
});
after(() => t.close());

test('results for a consultation with a million ballots come from the counters, never from the ballots', async () => {
  const stored = t.db.prepare('SELECT count(*) AS n FROM ballots WHERE consultation_id = ?').get(c.id) as { n: number };
  assert.equal(stored.n, MILLION);

  await t.call('GET', `${consultationPath(c)}/results`); // warm the consultation cache, as any live consultation is
  const res = await t.call('GET', `${consultationPath(c)}/results`);

  assert.equal(res.status, 200);
  assert.equal(res.body.ballots, 18, 'the counted total, not the million rows');
  assert.deepEqual(
    res.body.options.map((o: { id: string; votes: number }) => [o.id, o.votes]),
    [
      ['mardi', 7],
      ['samedi', 11],
      ['dimanche', 0],
    ],
  );
});

test('a new ballot moves the counters by one, without recounting the million', async () => {
  const cast = await t.call('PUT', `${consultationPath(c)}/ballot`, { json: { choice: ['samedi'] }, headers: { 'civique-participant': newParticipantId() } });
  assert.equal(cast.status, 201);
  const res = await t.call('GET', `${consultationPath(c)}/results`);
  assert.equal(res.body.ballots, 19);
  assert.equal(res.body.options[1].votes, 12);
});
