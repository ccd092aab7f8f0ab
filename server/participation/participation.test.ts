import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { openDatabase, type Db } from '../db/open.ts';
import { DomainError } from '../errors.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { consultationPath, newParticipantId, signUpStaff } from '../testing/participation.ts';
import type { Ballot, BallotTallies } from '../votes/votes.store.ts';
import { createSqliteStore } from '../store.ts';
import { GroupCommitWriter } from './group-commit.ts';
import type { KindRows } from './participation.ts';
import { ParticipationService } from './participation.service.ts';

const sorted = (tallies: BallotTallies) => ({
  options: [...tallies.options]
    .filter((o) => o.votes !== 0 || o.first !== 0 || o.points !== 0)
    .sort((a, b) => `${a.district}/${a.optionId}`.localeCompare(`${b.district}/${b.optionId}`)),
  totals: [...tallies.totals].filter((x) => x.counted + x.quarantined + x.rejected !== 0).sort((a, b) => a.district.localeCompare(b.district)),
});

/** A database file with one table, and a second connection that sees only what is committed. */
function twoConnections(t: TestApp) {
  const file = join(dirname(t.dbFile!), `writer-${randomBytes(4).toString('hex')}.db`);
  const db = openDatabase(file);
  db.exec('CREATE TABLE items (n INTEGER NOT NULL CHECK (n >= 0))');
  const other = openDatabase(file);
  const committed = () => (other.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
  const commits = () => other.pragma('data_version', { simple: true }) as number;
  return { db, other, committed, commits };
}

describe('group commit writer', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp({ file: true })));
  after(() => t.close());

  test('jobs submitted together share one commit, a refused job fails alone, and none settles before the commit', async () => {
    const { db, other, committed, commits } = twoConnections(t);
    const writer = new GroupCommitWriter(db);
    const insert = db.prepare('INSERT INTO items (n) VALUES (?)');
    const before = commits();
    const seenAtSettle: number[] = [];
    const settled = [1, 2, 3, 4].map((n) =>
      writer
        .submit(() => {
          if (n === 3) throw new DomainError('nope', 'refused');
          insert.run(n);
          return n * 10;
        })
        .then(
          (value) => (seenAtSettle.push(committed()), value),
          (error: DomainError) => (error.code === 'nope' ? -n : NaN),
        ),
    );
    assert.deepEqual(await Promise.all(settled), [10, 20, -3, 40], 'a refused job fails alone');
    assert.equal(commits() - before, 1, 'one commit for the burst');
    assert.deepEqual(seenAtSettle, [3, 3, 3], 'each acknowledgement came after the commit, seen from another connection');
    await writer.close();
    db.close();
    other.close();
  });

  test('a job that fails unexpectedly takes no other job down, and leaves nothing behind', async () => {
    const { db, other, committed } = twoConnections(t);
    const writer = new GroupCommitWriter(db);
    const insert = db.prepare('INSERT INTO items (n) VALUES (?)');
    const results = await Promise.allSettled([1, -1, 2].map((n) => writer.submit(() => insert.run(n))));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal(committed(), 2);
    await writer.close();
    db.close();
    other.close();
  });

  test('when the database itself is in trouble (locked by another writer), no job is acknowledged', async () => {
    const { db, other, committed } = twoConnections(t);
    db.pragma('busy_timeout = 0');
    const writer = new GroupCommitWriter(db);
    const insert = db.prepare('INSERT INTO items (n) VALUES (?)');
    other.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled([1, 2].map((n) => writer.submit(() => insert.run(n))));
    other.exec('ROLLBACK');
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.match(String((results[0] as PromiseRejectedResult).reason.code), /^SQLITE_BUSY/);
    assert.equal(committed(), 0);
    assert.equal((await writer.submit(() => insert.run(3))).changes, 1, 'the writer works again once the lock is gone');
    await writer.close();
    db.close();
    other.close();
  });

  test('close() commits what is pending, then refuses new jobs', async () => {
    const { db, other, committed } = twoConnections(t);
    const writer = new GroupCommitWriter(db);
    const insert = db.prepare('INSERT INTO items (n) VALUES (?)');
    const pending = [1, 2, 3].map((n) => writer.submit(() => insert.run(n)));
    await writer.close();
    assert.equal(committed(), 3);
    await Promise.all(pending);
    await assert.rejects(
      writer.submit(() => insert.run(4)),
      /closed/,
    );
    db.close();
    other.close();
  });
});

const policy = { requireVerifiedEmail: false, perIp: { max: 2, windowMinutes: 60 }, perPrefix: null };

/** One anonymous ballot from an address, straight through the participation core. */
const setupCast = (t: TestApp, consultationId: string, service = t.services.participations, rows: KindRows<Ballot> = t.store.ballots.rows) =>
  service.submit({
    rows,
    consultationId,
    participant: { accountId: null, participantHash: randomBytes(32) },
    policy,
    ip: '203.0.113.9',
    content: ['a'],
    build: (base, choice): Ballot => ({ ...base, district: null, choice, castAt: base.now, updatedAt: base.now }),
  });

describe('anti-stuffing caps count what the database holds', () => {
  const setup = async () => {
    const t = await createTestApp({ file: true });
    const c = await t.addConsultation({ kind: 'vote', settings: { mode: 'single', options: [{ id: 'a', label: 'A' }] }, stuffingPolicy: policy });
    const cast = (ip = '203.0.113.9', participantHash = randomBytes(32), consultationId = c.id) =>
      t.services.participations.submit({
        rows: t.store.ballots.rows,
        consultationId,
        participant: { accountId: null, participantHash },
        policy,
        ip,
        content: ['a'],
        build: (base, choice): Ballot => ({ ...base, district: null, choice, castAt: base.now, updatedAt: base.now }),
      });
    const status = (outcome: PromiseSettledResult<{ record: Ballot }>) => (outcome.status === 'fulfilled' ? outcome.value.record.status : 'refused');
    return { t, c, cast, status };
  };

  test('within a batch and across batches; a changed ballot does not count twice', async () => {
    const { t, cast, status } = await setup();
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    assert.deepEqual((await Promise.allSettled([cast(undefined, a), cast(undefined, b)])).map(status), ['accepted', 'accepted']);
    assert.deepEqual((await Promise.allSettled([cast(undefined, a)])).map(status), ['accepted'], 'changing a ballot replaces its trace');
    assert.deepEqual((await Promise.allSettled([cast(undefined, c)])).map(status), ['quarantined']);
    await t.close();
  });

  test('a writer started again (a new connection, as after a restart) counts the traces already there', async () => {
    const { t, c, status } = await setup();
    await Promise.all([setupCast(t, c.id), setupCast(t, c.id)]);
    const db = openDatabase(t.dbFile!);
    const store = createSqliteStore(db);
    const restarted = new ParticipationService(store.participations, t.services.stuffing, t.clock);
    assert.deepEqual((await Promise.allSettled([setupCast(t, c.id, restarted, store.ballots.rows)])).map(status), ['quarantined']);
    await store.close();
    await t.close();
  });

  test('a rolled-back batch leaves no count behind', async () => {
    const { t, c, cast, status } = await setup();
    // The missing consultation fails the whole transaction; the good job is then written alone.
    assert.deepEqual((await Promise.allSettled([cast(), cast(undefined, undefined, 'missing')])).map(status), ['accepted', 'refused']);
    // The counters the batch summed before its rollback are not written again with the retried job.
    assert.deepEqual(await t.store.ballots.tallies(c.id), await t.store.ballots.recount(c.id), 'counters equal a recount');
    assert.equal((await t.store.ballots.tallies(c.id)).totals[0].counted, 1);
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['accepted'], 'only the one committed ballot counted');
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['quarantined']);
    await t.close();
  });

  test('a trace written by a job whose transaction is rolled back does not count', async () => {
    const { t, c, cast, status } = await setup();
    await cast();
    const fingerprint = await t.services.stuffing.fingerprint('203.0.113.9');
    const failing = t.store.participations.write((tx) => {
      tx.addTrace({ kind: 'ballot', participationId: 999, scope: c.id, accountId: null, fingerprint, createdAt: t.clock.now() });
      throw new Error('disk gone');
    });
    await assert.rejects(failing, /disk gone/);
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['accepted'], 'only the committed trace counts');
    await t.close();
  });

  test('traces erased on another connection stop counting at once', async () => {
    const { t, cast, status } = await setup();
    await Promise.all([cast(), cast()]);
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['quarantined']);
    const other: Db = openDatabase(t.dbFile!);
    other.prepare("DELETE FROM ip_traces WHERE participation_kind = 'ballot'").run();
    other.close();
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['accepted'], 'the erased traces no longer count');
    await t.close();
  });

  test('traces erased or added on the writer’s own connection, outside the writer, count at once', async () => {
    const { t, c, cast, status } = await setup();
    await Promise.all([cast(), cast()]);
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['quarantined']);
    // The retention job and account erasure delete on the writer's connection, outside its batches.
    t.db.prepare("DELETE FROM ip_traces WHERE participation_kind = 'ballot'").run();
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['accepted'], 'the erased traces no longer count');
    // A trace written outside the writer (e.g. an import) counts too.
    t.db
      .prepare(
        "INSERT INTO ip_traces (scope, participation_kind, participation_id, ip_hash, prefix_hash, created_at) SELECT scope, participation_kind, participation_id || 'x', ip_hash, prefix_hash, created_at FROM ip_traces WHERE scope = ?",
      )
      .run(c.id);
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['quarantined'], 'the copied trace counts');
    await t.close();
  });

  test('an erasure rolled back on the writer’s connection leaves the traces counting', async () => {
    const { t, cast, status } = await setup();
    await Promise.all([cast(), cast()]);
    const erase = t.db.transaction(() => {
      t.db.prepare("DELETE FROM ip_traces WHERE participation_kind = 'ballot'").run();
      throw new Error('erasure interrupted');
    });
    assert.throws(erase, /interrupted/);
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM ip_traces').get() as { n: number }).n, 2);
    assert.deepEqual((await Promise.allSettled([cast()])).map(status), ['quarantined'], 'the traces still held count');
    await t.close();
  });

  test('a participation held back for a kind’s own reason is quarantined whatever the caps say', async () => {
    const { t, c } = await setup();
    const { record } = await t.services.participations.submit({
      rows: t.store.ballots.rows,
      consultationId: c.id,
      participant: { accountId: null, participantHash: randomBytes(32) },
      policy,
      ip: '198.51.100.1',
      quarantine: ['honeypot'],
      content: ['a'],
      build: (base, choice): Ballot => ({ ...base, district: null, choice, castAt: base.now, updatedAt: base.now }),
    });
    assert.equal(record.status, 'quarantined');
    assert.deepEqual(record.reasons, ['honeypot']);
    assert.deepEqual((await t.store.ballots.tallies(c.id)).totals, [{ district: '', counted: 0, quarantined: 1, rejected: 0 }]);
    await t.close();
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
  describe(`counters stay exact (${storage === 'file' ? 'database file' : 'in memory'})`, () => {
    let t: TestApp;
    let staff: string;
    before(async () => {
      t = await createTestApp({ file: storage === 'file' });
      staff = (await signUpStaff(t)).token;
    });
    after(async () => {
      await t.close();
    });

    test('the writer commits with synchronous=FULL', async () => {
      assert.equal(await t.store.participations.synchronous(), 'FULL');
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
      assert.ok(
        responses.every((r) => r.status === 200 || r.status === 201),
        JSON.stringify(responses.find((r) => r.status >= 300)?.body),
      );
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
              const res = await t.call('PUT', `${consultationPath(c)}/ballot`, {
                json: body,
                headers: { 'civique-participant': ids[cmd.who] },
                ip: `192.0.2.${cmd.ip}`,
              });
              assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body));
            } else if (cmd.op === 'withdraw') {
              const res = await t.call('DELETE', `${consultationPath(c)}/ballot`, { headers: { 'civique-participant': ids[cmd.who] } });
              assert.ok(res.status === 204 || res.status === 404);
            } else {
              const [item] = (await t.call('GET', `${consultationPath(c)}/quarantine?limit=1`, { token: staff })).body.items;
              if (item) {
                const res = await t.call('POST', `${consultationPath(c)}/quarantine/${item.id}`, {
                  token: staff,
                  json: { decision: cmd.accept ? 'accept' : 'reject' },
                });
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
