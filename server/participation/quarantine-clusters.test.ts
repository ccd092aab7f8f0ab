import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { createTestApp, GOOD_PASSWORD, type TestApp } from '../testing/test-app.ts';
import { anonymous, consultationPath, footprint, newParticipantId, signUpStaff } from '../testing/participation.ts';
import type { BallotTallies } from '../votes/votes.store.ts';

const sorted = (tallies: BallotTallies) => ({
  options: [...tallies.options]
    .filter((o) => o.votes !== 0 || o.first !== 0 || o.points !== 0)
    .sort((a, b) => `${a.district}/${a.optionId}`.localeCompare(`${b.district}/${b.optionId}`)),
  totals: [...tallies.totals].filter((x) => x.counted + x.quarantined + x.rejected !== 0).sort((a, b) => a.district.localeCompare(b.district)),
});

const SETTINGS = {
  mode: 'single',
  options: [
    { id: 'oui', label: 'Oui' },
    { id: 'non', label: 'Non' },
  ],
};
// One participation per /24 (or /64) and hour counts; the next ones from that network are quarantined.
const POLICY = { requireVerifiedEmail: false, perIp: null, perPrefix: { max: 1, windowMinutes: 60 } };

describe('quarantine review by cluster', () => {
  let t: TestApp;
  let staff: string;
  let staffEmail: string;
  let citizen: string;

  const cast = (c: Consultation, choice: string, ip: string) =>
    t.call('PUT', `${consultationPath(c)}/ballot`, anonymous(newParticipantId(), { json: { choice: [choice] }, ip }));
  const clusters = (c: Consultation, token = staff) => t.call('GET', `${consultationPath(c)}/quarantine/clusters`, { token });
  const votesFor = (results: { options: { id: string; votes: number }[] }, id: string) => results.options.find((o) => o.id === id)!.votes;

  before(async () => {
    t = await createTestApp();
    staffEmail = 'moderatrice@montjoli.fr';
    staff = (await signUpStaff(t, staffEmail)).token;
    citizen = (await t.signUp()).token;
  });
  after(() => t.close());

  test('clusters by network, opaque and per consultation; preview writes nothing; the confirm counts exactly', async () => {
    const c = await t.addConsultation({ slug: 'grappes', settings: SETTINGS, stuffingPolicy: POLICY });
    assert.equal((await cast(c, 'oui', '198.51.100.1')).body.ballot.status, 'accepted');
    for (const host of [2, 3, 4]) {
      t.clock.advance(60_000);
      assert.equal((await cast(c, 'non', `198.51.100.${host}`)).body.ballot.status, 'quarantined');
    }
    assert.equal((await cast(c, 'oui', '203.0.113.1')).body.ballot.status, 'accepted');
    assert.equal((await cast(c, 'non', '203.0.113.2')).body.ballot.status, 'quarantined');

    assert.equal((await clusters(c, citizen)).status, 403);
    const listed = await clusters(c);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.deepEqual(
      listed.body.clusters.map((cl: { count: number }) => cl.count),
      [3, 1],
    );
    const [school, other] = listed.body.clusters;
    assert.equal(listed.body.unclustered, 0);
    assert.match(school.cluster, /^[A-Za-z0-9_-]{12}$/);
    assert.notEqual(school.cluster, other.cluster);
    assert.ok(school.firstAt < school.lastAt);
    // Never the hash itself, nor a piece of it.
    const hashes = t.db.prepare('SELECT hex(prefix_hash) AS hex, prefix_hash AS raw FROM ip_traces WHERE scope = ?').all(c.id) as {
      hex: string;
      raw: Buffer;
    }[];
    for (const { hex, raw } of hashes) {
      assert.ok(!hex.toLowerCase().includes(school.cluster.toLowerCase()) && !raw.toString('base64url').includes(school.cluster));
    }
    // The same network in another consultation gets another label.
    const d = await t.addConsultation({ slug: 'grappes-bis', settings: SETTINGS, stuffingPolicy: POLICY });
    await cast(d, 'oui', '198.51.100.1');
    await cast(d, 'non', '198.51.100.2');
    const elsewhere = (await clusters(d)).body.clusters;
    assert.equal(elsewhere.length, 1);
    assert.notEqual(elsewhere[0].cluster, school.cluster);
    // Each listed item carries its label too.
    const queue = await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff });
    assert.equal(queue.body.items.filter((item: { cluster: string }) => item.cluster === school.cluster).length, 3);

    const written = footprint(t);
    const preview = await t.call('POST', `${consultationPath(c)}/quarantine/clusters/${school.cluster}/preview`, {
      token: staff,
      json: { decision: 'accept' },
    });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.participationIds.length, 3);
    assert.equal(votesFor(preview.body.before, 'non'), 0);
    assert.equal(votesFor(preview.body.after, 'non'), 3);
    assert.equal(preview.body.after.ballots, 5);
    assert.equal(preview.body.after.quarantined, 1);
    assert.deepEqual(footprint(t), written, 'a preview writes nothing');
    const rejectPreview = await t.call('POST', `${consultationPath(c)}/quarantine/clusters/${school.cluster}/preview`, {
      token: staff,
      json: { decision: 'reject' },
    });
    assert.equal(rejectPreview.body.after.rejected, 3);
    assert.equal(votesFor(rejectPreview.body.after, 'non'), 0);

    const confirmed = await t.call('POST', `${consultationPath(c)}/quarantine/clusters/${school.cluster}`, {
      token: staff,
      json: { decision: 'accept', participationIds: preview.body.participationIds },
    });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.deepEqual(confirmed.body, { cluster: school.cluster, decision: 'accept', reviewed: 3, skipped: 0 });
    const results = await t.call('GET', `${consultationPath(c)}/results`, { token: staff });
    assert.deepEqual(results.body, preview.body.after, 'the results are what the preview showed');
    assert.deepEqual(sorted(await t.store.ballots.tallies(c.id)), sorted(await t.store.ballots.recount(c.id)), 'counters equal a recount');

    const unconfirmed = await t.call('POST', `${consultationPath(c)}/quarantine/clusters/${other.cluster}`, { token: staff, json: { decision: 'reject' } });
    assert.equal(unconfirmed.status, 403, 'rejecting a whole cluster asks for the password again');
    assert.equal(unconfirmed.body.error.code, 'wrong_password');
    const rejected = await t.call('POST', `${consultationPath(c)}/quarantine/clusters/${other.cluster}`, {
      token: staff,
      json: { decision: 'reject', password: GOOD_PASSWORD },
    });
    assert.equal(rejected.body.reviewed, 1);
    assert.deepEqual(sorted(await t.store.ballots.tallies(c.id)), sorted(await t.store.ballots.recount(c.id)));
    const gone = await t.call('POST', `${consultationPath(c)}/quarantine/clusters/${school.cluster}`, {
      token: staff,
      json: { decision: 'reject', password: GOOD_PASSWORD },
    });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'quarantine_cluster_not_found');
    assert.deepEqual((await clusters(c)).body, { clusters: [], unclustered: 0 });
  });

  test('a participation that joined the cluster after the preview waits for the next look', async () => {
    const c = await t.addConsultation({ slug: 'grappe-tardive', settings: SETTINGS, stuffingPolicy: POLICY });
    await cast(c, 'oui', '192.0.2.1');
    await cast(c, 'non', '192.0.2.2');
    const [cluster] = (await clusters(c)).body.clusters;
    const preview = await t.call('POST', `${consultationPath(c)}/quarantine/clusters/${cluster.cluster}/preview`, {
      token: staff,
      json: { decision: 'reject' },
    });
    await cast(c, 'non', '192.0.2.3');
    const confirmed = await t.call('POST', `${consultationPath(c)}/quarantine/clusters/${cluster.cluster}`, {
      token: staff,
      json: { decision: 'reject', participationIds: preview.body.participationIds, password: GOOD_PASSWORD },
    });
    assert.equal(confirmed.body.reviewed, 1);
    assert.equal((await clusters(c)).body.clusters[0].count, 1);
  });

  test('labels are gone once the traces are erased (90 days)', async () => {
    const c = await t.addConsultation({ slug: 'grappe-effacee', settings: SETTINGS, stuffingPolicy: POLICY, retentionEnd: t.clock.now() + 400 * DAY });
    await cast(c, 'oui', '198.51.100.50');
    await cast(c, 'non', '198.51.100.51');
    await cast(c, 'non', '198.51.100.52');
    assert.equal((await clusters(c)).body.clusters[0].count, 2);
    t.clock.advance(91 * DAY);
    await t.services.retention.run();
    staff = (await t.signInStaff(staffEmail)).token;
    assert.deepEqual((await clusters(c)).body, { clusters: [], unclustered: 2 });
    const queue = await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff });
    assert.deepEqual(
      queue.body.items.map((item: { cluster: string | null }) => item.cluster),
      [null, null],
    );
  });
});
