import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { participantKey } from './participant.ts';
import { newParticipantId } from '../testing/participation.ts';
import { startServer, type ServerProcess } from '../testing/processes.ts';

/**
 * Shutdown end to end: the real server (server/main.ts on a file) receives SIGTERM, then SIGINT, in the middle
 * of a ballot load. It must exit cleanly, and every ballot acknowledged with a 2xx must be in the database.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'civique-shutdown-'));
const servers: ServerProcess[] = [];
after(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const env = {
  DATA_DIR: dataDir,
  TRUSTED_PROXIES: '127.0.0.1',
  CIVIQUE_DEMO_STAFF_PASSWORD: 'Une phrase de passe pour le test',
  WIDGETS_DIR: join(dataDir, 'no-widgets'),
};

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} during a load commits every acknowledged ballot and closes the database`, { timeout: 60_000 }, async () => {
    const server = await startServer(env);
    servers.push(server);
    const url = `${server.origin}/v1/tenants/montjoli/consultations/vote-marche/ballot`;
    const acknowledged: string[] = [];
    let stop = false;
    let signalled = false;
    let answeredAfterSignal = 0;
    let n = 0;
    const client = async () => {
      while (!stop) {
        const participant = newParticipantId();
        const i = n++;
        try {
          const res = await fetch(url, {
            method: 'PUT',
            headers: {
              'content-type': 'application/json',
              'civique-participant': participant,
              'x-forwarded-for': `10.${(i >> 8) & 255}.${i & 255}.${signal === 'SIGTERM' ? 1 : 2}`,
            },
            body: JSON.stringify({ choice: ['samedi'] }),
          });
          if (res.status === 201) acknowledged.push(participant);
          else assert.fail(`unexpected ${res.status}: ${await res.text()}`);
          if (signalled) answeredAfterSignal++;
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          return; // the server is gone or refused the connection: this request was never acknowledged
        }
      }
    };
    const load = Promise.all(Array.from({ length: 32 }, client));
    while (acknowledged.length < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    server.child.kill(signal);
    signalled = true;
    const code = await server.exited;
    stop = true;
    await load;
    assert.equal(code, 0, `clean exit expected:\n${server.output()}`);
    assert.ok(answeredAfterSignal > 0, 'the ballots in flight when the signal came were committed and answered');

    const db = new Database(join(dataDir, 'civique.db'), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const find = db.prepare('SELECT status FROM ballots WHERE participant_hash = ?');
      const missing = acknowledged.filter((participant) => !find.get(participantKey(participant)));
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged ballots missing`);
    } finally {
      db.close();
    }
  });
}
