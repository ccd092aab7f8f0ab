import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { participantKey } from '../participation/participant.ts';
import { newParticipantId } from '../testing/participation.ts';
import { freePort } from '../testing/processes.ts';

/**
 * Durability end to end: the real server (server/main.ts, a file database, the ballot writer it uses in
 * production) is killed with SIGKILL in the middle of a ballot load. After a restart, every ballot that was
 * acknowledged with a 2xx must be there and counted, and the database must be intact.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OPTIONS = ['mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const dataDir = mkdtempSync(join(tmpdir(), 'civique-crash-'));
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      DEMO_PORT: '0',
      TRUSTED_PROXIES: '127.0.0.1',
      CIVIQUE_DEMO_STAFF_PASSWORD: 'Une phrase de passe pour le test',
      WIDGETS_DIR: join(dataDir, 'no-widgets'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/v1/health`)).ok) break;
    } catch {
      if (Date.now() > deadline) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { child, url, exited };
}

const ballotUrl = (url: string) => `${url}/v1/tenants/montjoli/consultations/vote-marche/ballot`;

test('every acknowledged ballot survives a SIGKILL in the middle of a load, and the database stays intact', { timeout: 180_000 }, async () => {
  const first = await startServer();
  const acknowledged: { participant: string; choice: string }[] = [];
  let sent = 0;
  let stop = false;

  // 32 clients casting as fast as they can, each ballot from a new participant and a new network.
  const client = async () => {
    while (!stop) {
      const n = sent++;
      const participant = newParticipantId();
      const choice = OPTIONS[n % OPTIONS.length];
      try {
        const res = await fetch(ballotUrl(first.url), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'civique-participant': participant, 'x-forwarded-for': `10.${n >> 8}.${n & 255}.9` },
          body: JSON.stringify({ choice: [choice] }),
        });
        if (res.status === 201) acknowledged.push({ participant, choice });
        else assert.fail(`unexpected ${res.status}: ${await res.text()}`);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        return; // the server is gone: this request's fate is unknown, and it was never acknowledged
      }
    }
  };
  const load = Promise.all(Array.from({ length: 32 }, client));
  while (acknowledged.length < 400) await new Promise((r) => setTimeout(r, 5));
  first.child.kill('SIGKILL');
  await first.exited;
  stop = true;
  await load;
  const inFlight = sent - acknowledged.length;
  assert.ok(acknowledged.length >= 400);

  const second = await startServer();
  const results = (await (await fetch(`${second.url}/v1/tenants/montjoli/consultations/vote-marche/results`)).json()) as {
    ballots: number;
    options: { id: string; votes: number }[];
  };
  // Unacknowledged requests may or may not have been committed; acknowledged ones must all be.
  assert.ok(results.ballots >= acknowledged.length, `${results.ballots} counted < ${acknowledged.length} acknowledged`);
  assert.ok(results.ballots <= acknowledged.length + inFlight);

  const sample = acknowledged.filter((_, i) => i % 20 === 0);
  for (const { participant, choice } of sample) {
    const res = await fetch(ballotUrl(second.url), { headers: { 'civique-participant': participant } });
    const body = (await res.json()) as { ballot: { choice: string[]; counted: boolean } | null };
    assert.deepEqual(body.ballot?.choice, [choice]);
    assert.equal(body.ballot?.counted, true);
  }

  second.child.kill('SIGTERM');
  await second.exited;
  const db = new Database(join(dataDir, 'civique.db'));
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const consultation = db.prepare("SELECT id FROM consultations WHERE slug = 'vote-marche'").get() as { id: string };
    const find = db.prepare('SELECT choice, status FROM ballots WHERE consultation_id = ? AND participant_hash = ?');
    for (const { participant, choice } of acknowledged) {
      const row = find.get(consultation.id, participantKey(participant)) as { choice: string; status: string } | undefined;
      assert.deepEqual(row, { choice: JSON.stringify([choice]), status: 'accepted' }, `acknowledged ballot ${participant} is missing`);
    }
    // The counters, written in the same transactions, agree with the ballots that survived.
    const counted = db.prepare("SELECT count(*) AS n FROM ballots WHERE consultation_id = ? AND status = 'accepted'").get(consultation.id) as { n: number };
    assert.equal(results.ballots, counted.n);
    const perOption = db
      .prepare("SELECT json_extract(choice, '$[0]') AS id, count(*) AS votes FROM ballots WHERE consultation_id = ? AND status = 'accepted' GROUP BY 1")
      .all(consultation.id) as { id: string; votes: number }[];
    for (const option of results.options) {
      assert.equal(option.votes, perOption.find((p) => p.id === option.id)?.votes ?? 0, option.id);
    }
    const traces = db.prepare("SELECT count(*) AS n FROM ip_traces WHERE scope = ? AND participation_kind = 'ballot'").get(consultation.id) as { n: number };
    assert.equal(traces.n, counted.n, 'each surviving ballot has its trace, and no trace outlived its ballot');
  } finally {
    db.close();
  }
});
