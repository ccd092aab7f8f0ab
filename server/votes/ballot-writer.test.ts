import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { DomainError } from '../errors.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { GroupCommitQueue, type JobOutcome } from './ballot-writer.ts';
import { consultationPath, newParticipantId, signUpStaff } from './testing.ts';
import { ballotSql, deserializeError, type BallotJob, type BallotTallies, type CastBallotWrite } from './votes.store.ts';

const sorted = (tallies: BallotTallies) => ({
  options: [...tallies.options].filter((o) => o.votes !== 0 || o.first !== 0 || o.points !== 0).sort((a, b) => `${a.district}/${a.optionId}`.localeCompare(`${b.district}/${b.optionId}`)),
  totals: [...tallies.totals].filter((x) => x.counted + x.quarantined + x.rejected !== 0).sort((a, b) => a.district.localeCompare(b.district)),
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A queue whose commits record their batch and wait until the test calls the batch's `finish`. */
function heldQueue(pipeline: number, handOverAt?: number) {
  const commits: number[][] = [];
  const finish: (() => void)[] = [];
  const queue = new GroupCommitQueue<number>(
    async (jobs) => {
      commits.push(jobs);
      await new Promise<void>((resolve) => finish.push(resolve));
      return jobs.map((job): JobOutcome => ({ ok: true, value: job }));
    },
    deserializeError,
    pipeline,
    handOverAt,
  );
  return { queue, commits, finish };
}

describe('group commit queue', () => {
  test('jobs submitted together share one commit, and none settles before the commit returned', async () => {
    const commits: number[][] = [];
    let finishCommit!: () => void;
    const queue = new GroupCommitQueue<number>(async (jobs) => {
      commits.push(jobs);
      await new Promise<void>((resolve) => (finishCommit = resolve));
      return jobs.map((job): JobOutcome => (job === 3 ? { ok: false, error: { domain: true, code: 'nope', message: 'refused' } } : { ok: true, value: job * 10 }));
    }, deserializeError);
    const settled: number[] = [];
    const promises = [1, 2, 3, 4].map((n) =>
      queue.submit(n).then(
        (value) => settled.push(value as number),
        (error: DomainError) => settled.push(error.code === 'nope' ? -n : NaN),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(commits, [[1, 2, 3, 4]], 'one commit for the burst');
    assert.equal(settled.length, 0, 'nothing acknowledged while the commit is running');
    const late = queue.submit(5).then((value) => settled.push(value as number));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(commits.length, 1, 'one batch in flight at a time');
    finishCommit();
    await Promise.all(promises);
    assert.deepEqual(settled, [10, 20, -3, 40], 'a refused job fails alone');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(commits, [[1, 2, 3, 4], [5]]);
    finishCommit();
    await late;
    await queue.drain();
  });

  test('with a pipeline of two, a second batch is handed over while the first commits, and a third waits', async () => {
    const { queue, commits, finish } = heldQueue(2);
    const all = [queue.submit(1)];
    await tick();
    all.push(queue.submit(2));
    await tick();
    all.push(queue.submit(3));
    await tick();
    assert.deepEqual(commits, [[1], [2]]);
    finish.shift()!();
    await tick();
    await tick();
    assert.deepEqual(commits, [[1], [2], [3]]);
    finish.splice(0).forEach((done) => done());
    assert.deepEqual(await Promise.all(all), [1, 2, 3]);
    await queue.drain();
  });

  test('a batch that reaches the hand-over size leaves at once, within the same turn, while a slot is free', async () => {
    const { queue, commits, finish } = heldQueue(2, 3);
    const all = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => queue.submit(n));
    assert.deepEqual(commits, [[1, 2, 3], [4, 5, 6]], 'two full batches handed over before the turn ended');
    await tick();
    assert.deepEqual(commits, [[1, 2, 3], [4, 5, 6]], 'the rest waits for a free slot');
    finish.shift()!();
    await tick();
    await tick();
    assert.deepEqual(commits, [[1, 2, 3], [4, 5, 6], [7, 8]]);
    finish.splice(0).forEach((done) => done());
    assert.deepEqual(await Promise.all(all), [1, 2, 3, 4, 5, 6, 7, 8]);
    await queue.drain();
  });

  test('a failed commit fails every job of its batch', async () => {
    const queue = new GroupCommitQueue<number>(async () => {
      throw new Error('disk full');
    }, deserializeError);
    const results = await Promise.allSettled([queue.submit(1), queue.submit(2)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  });
});

describe('batch transaction', () => {
  test('a job that fails unexpectedly takes no other job down, and leaves nothing behind', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    db.exec(`INSERT INTO tenants (id, name, allowed_origins, created_at) VALUES ('t', 'T', '[]', 0);
      INSERT INTO consultations (id, tenant_id, slug, kind, title, opens_at, closes_at, retention_end, privacy_notice, allow_anonymous, stuffing_policy, created_at, updated_at)
      VALUES ('c', 't', 'c', 'vote', 'C', 0, 1, 1, '{}', 1, '{}', 0, 0);
      INSERT INTO ip_hash_keys (id, secret, created_at) VALUES (1, x'00', 0);`);
    const sql = ballotSql(db);
    const cast = (consultationId: string, choice: string): BallotJob => {
      const ip = randomBytes(16);
      const write: CastBallotWrite = {
        consultationId,
        participant: { accountId: null, participantHash: randomBytes(32) },
        district: null,
        choice: [choice],
        now: 1,
        onlyIfNew: false,
        stuffing: {
          policy: { requireVerifiedEmail: false, perIp: { max: 5, windowMinutes: 60 }, perPrefix: null },
          since: { ip: 0, prefix: 0 },
          fingerprint: { keyId: 1, ipHash: ip, prefixHash: ip, lookup: { ip: [ip], prefix: [ip] } },
        },
      };
      return { type: 'cast', write };
    };
    // The second job names a consultation that does not exist: the foreign key fails the whole transaction.
    const outcomes = sql.runBatch([cast('c', 'a'), cast('missing', 'a'), cast('c', 'b')]);
    assert.deepEqual(outcomes.map((o) => o.ok), [true, false, true]);
    assert.equal((db.prepare('SELECT count(*) AS n FROM ballots').get() as { n: number }).n, 2);
    assert.equal((db.prepare('SELECT count(*) AS n FROM ip_traces').get() as { n: number }).n, 2);
    assert.deepEqual(db.prepare('SELECT option_id, votes FROM ballot_tallies ORDER BY option_id').all(), [
      { option_id: 'a', votes: 1 },
      { option_id: 'b', votes: 1 },
    ]);
    assert.deepEqual(db.prepare('SELECT district, counted FROM ballot_totals').all(), [{ district: '', counted: 2 }]);
    db.close();
  });
});

describe('anti-stuffing caps in the writer', () => {
  const setup = () => {
    const db = openDatabase(':memory:');
    migrate(db);
    db.exec(`INSERT INTO tenants (id, name, allowed_origins, created_at) VALUES ('t', 'T', '[]', 0);
      INSERT INTO consultations (id, tenant_id, slug, kind, title, opens_at, closes_at, retention_end, privacy_notice, allow_anonymous, stuffing_policy, created_at, updated_at)
      VALUES ('c', 't', 'c', 'vote', 'C', 0, 1, 1, '{}', 1, '{}', 0, 0);
      INSERT INTO ip_hash_keys (id, secret, created_at) VALUES (1, x'00', 0);`);
    return db;
  };
  const ip = randomBytes(16);
  const prefix = randomBytes(16);
  const now = Date.now();
  const cast = (participantHash: Buffer, consultationId = 'c'): BallotJob => ({
    type: 'cast',
    write: {
      consultationId,
      participant: { accountId: null, participantHash },
      district: null,
      choice: ['a'],
      now,
      onlyIfNew: false,
      stuffing: {
        policy: { requireVerifiedEmail: false, perIp: { max: 2, windowMinutes: 60 }, perPrefix: null },
        since: { ip: now - 3600_000, prefix: now - 3600_000 },
        fingerprint: { keyId: 1, ipHash: ip, prefixHash: prefix, lookup: { ip: [ip], prefix: [prefix] } },
      },
    },
  });
  const status = (outcome: JobOutcome) => (outcome.ok ? (outcome.value as { ballot: { status: string } }).ballot.status : 'refused');

  test('count in memory within a batch and across batches; a changed ballot does not count twice', () => {
    const db = setup();
    const sql = ballotSql(db);
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    assert.deepEqual(sql.runBatch([cast(a), cast(b)]).map(status), ['accepted', 'accepted']);
    assert.deepEqual(sql.runBatch([cast(a)]).map(status), ['accepted'], 'changing a ballot replaces its trace');
    assert.deepEqual(sql.runBatch([cast(c)]).map(status), ['quarantined']);
    db.close();
  });

  test('are rebuilt from the database when the writer starts again', () => {
    const db = setup();
    ballotSql(db).runBatch([cast(randomBytes(32)), cast(randomBytes(32))]);
    const restarted = ballotSql(db);
    assert.deepEqual(restarted.runBatch([cast(randomBytes(32))]).map(status), ['quarantined']);
    db.close();
  });

  test('a rolled-back batch leaves no count behind', () => {
    const db = setup();
    const sql = ballotSql(db);
    // The missing consultation fails the whole transaction; the two good jobs are then written one by one.
    assert.deepEqual(sql.runBatch([cast(randomBytes(32)), cast(randomBytes(32), 'missing')]).map(status), ['accepted', 'refused']);
    assert.deepEqual(sql.runBatch([cast(randomBytes(32))]).map(status), ['accepted'], 'only the one committed ballot counted');
    assert.deepEqual(sql.runBatch([cast(randomBytes(32))]).map(status), ['quarantined']);
    db.close();
  });
});

/** A partial ranking drawn from a number: the options whose bit is set, reversed when bit 4 is set. */
const rankingOf = (pick: number) => {
  const chosen = ['a', 'b', 'c', 'd'].filter((_, i) => (pick >> i) & 1);
  const ordered = (pick >> 4) & 1 ? chosen.reverse() : chosen;
  return ordered.length > 0 ? ordered : ['d'];
};

const RANKING = { mode: 'ranking', minChoices: 1, options: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id })) };
const BUDGET = {
  districts: [
    { id: 'nord', name: 'Nord', budget: 100 },
    { id: 'sud', name: 'Sud', budget: 100 },
  ],
  projects: [
    { id: 'n1', title: 'N1', cost: 40, district: 'nord' },
    { id: 'n2', title: 'N2', cost: 40, district: 'nord' },
    { id: 's1', title: 'S1', cost: 60, district: 'sud' },
    { id: 's2', title: 'S2', cost: 30, district: 'sud' },
  ],
};

for (const storage of ['memory', 'file'] as const) {
  describe(`counters stay exact (${storage === 'file' ? 'database file, worker-thread writer' : 'in memory, inline writer'})`, () => {
    let t: TestApp;
    let staff: string;
    before(async () => {
      t = await createTestApp({ file: storage === 'file' });
      staff = (await signUpStaff(t)).token;
    });
    after(async () => {
      await t.store.ballots.close();
      await t.close();
    });

    test('the writer commits with synchronous=FULL', async () => {
      assert.equal(await t.store.ballots.synchronous(), 'FULL');
    });

    test('a burst of concurrent ballots, with duplicates, leaves one ballot per participant and exact counters', async () => {
      const c = await t.addConsultation({ kind: 'vote', settings: RANKING });
      const participants = Array.from({ length: 60 }, newParticipantId);
      const requests = Array.from({ length: 240 }, (_, i) => {
        const choice = ['a', 'b', 'c', 'd'].slice(i % 4).concat(['a', 'b', 'c', 'd'].slice(0, i % 4));
        return t.call('PUT', `${consultationPath(c)}/ballot`, {
          json: { choice: choice.slice(0, 1 + (i % 4)) },
          headers: { 'civique-participant': participants[i % participants.length] },
          ip: `203.0.113.${i % 200}`,
        });
      });
      const responses = await Promise.all(requests);
      assert.ok(responses.every((r) => r.status === 200 || r.status === 201), JSON.stringify(responses.find((r) => r.status >= 300)?.body));
      assert.equal(responses.filter((r) => r.status === 201).length, participants.length, 'exactly one first ballot per participant');
      const results = (await t.call('GET', `${consultationPath(c)}/results`)).body;
      assert.equal(results.ballots, participants.length);
      assert.deepEqual(sorted(await t.store.ballots.tallies(c.id)), sorted(await t.store.ballots.recount(c.id)));
    });

    test('any sequence of casts, changes, withdrawals and reviews keeps the counters equal to a recount', async () => {
      const command = fc.oneof(
        fc.record({ op: fc.constant('cast' as const), who: fc.nat(5), ip: fc.nat(2), budget: fc.boolean(), pick: fc.nat(1000) }),
        fc.record({ op: fc.constant('withdraw' as const), who: fc.nat(5) }),
        fc.record({ op: fc.constant('review' as const), accept: fc.boolean() }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), fc.boolean(), async (commands, budgetKind) => {
          const c = await t.addConsultation({
            kind: budgetKind ? 'budget' : 'vote',
            settings: budgetKind ? BUDGET : RANKING,
            stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 2, windowMinutes: 60 }, perPrefix: null },
          });
          const ids = Array.from({ length: 6 }, newParticipantId);
          for (const cmd of commands) {
            if (cmd.op === 'cast') {
              const body = budgetKind
                ? cmd.pick % 2 === 0
                  ? { choice: cmd.pick % 4 === 0 ? ['n1', 'n2'] : ['n2'], district: 'nord' }
                  : { choice: cmd.pick % 3 === 0 ? ['s1', 's2'] : ['s2'], district: 'sud' }
                : { choice: rankingOf(cmd.pick) };
              const res = await t.call('PUT', `${consultationPath(c)}/ballot`, { json: body, headers: { 'civique-participant': ids[cmd.who] }, ip: `192.0.2.${cmd.ip}` });
              assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body));
            } else if (cmd.op === 'withdraw') {
              const res = await t.call('DELETE', `${consultationPath(c)}/ballot`, { headers: { 'civique-participant': ids[cmd.who] } });
              assert.ok(res.status === 204 || res.status === 404);
            } else {
              const [item] = (await t.call('GET', `${consultationPath(c)}/quarantine?limit=1`, { token: staff })).body.items;
              if (item) {
                const res = await t.call('POST', `${consultationPath(c)}/quarantine/${item.id}`, { token: staff, json: { decision: cmd.accept ? 'accept' : 'reject' } });
                assert.equal(res.status, 200);
              }
            }
          }
          assert.deepEqual(sorted(await t.store.ballots.tallies(c.id)), sorted(await t.store.ballots.recount(c.id)));
        }),
        { numRuns: storage === 'file' ? 20 : 40 },
      );
    });
  });
}
