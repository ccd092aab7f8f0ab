import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { serve } from '@hono/node-server';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, mock, test } from 'node:test';
import { createTestApp, GOOD_PASSWORD, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';

const base = `/v1/tenants/${TENANT}`;
const NEEDLES = ['lecteur.patient-7311@example.fr', 'Tenu-Ouvert', '06 11 22 33 44'];

/** Waits for a condition, checking between turns of the event loop (never a fixed sleep before an assertion). */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A second connection to the same file, holding a read transaction (an old snapshot) until released. */
function holdReader(file: string) {
  const reader = new Database(file);
  reader.exec('BEGIN');
  reader.prepare('SELECT count(*) FROM accounts').get();
  return () => {
    reader.exec('COMMIT');
    reader.close();
  };
}

async function signUpWithProfile(t: TestApp) {
  const { token, id } = await t.signUp(NEEDLES[0]);
  const res = await t.call('PATCH', `${base}/me`, { token, json: { profile: { lastName: NEEDLES[1], phone: NEEDLES[2] } } });
  assert.equal(res.status, 200);
  return { token, id };
}

function assertNoByteLeft(t: TestApp) {
  const wal = `${t.dbFile}-wal`;
  assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL is truncated');
  const files = [t.dbFile!, wal, `${t.dbFile}-shm`].filter(existsSync).map((f) => readFileSync(f));
  for (const bytes of files) for (const needle of NEEDLES) assert.equal(bytes.indexOf(needle), -1, `"${needle}" survived`);
}

describe('deleting an account while a reader holds the database', () => {
  test('over real HTTP the server keeps answering while the WAL truncation waits for the reader, then no byte is left', async () => {
    const t = await createTestApp({ file: true });
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    let release: (() => void) | undefined;
    try {
      await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { token, id } = await signUpWithProfile(t);
      release = holdReader(t.dbFile!);

      let deleteAnswered = false;
      const deletion = fetch(`${origin}${base}/me`, {
        method: 'DELETE',
        headers: { origin: ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ password: GOOD_PASSWORD }),
      }).then((res) => ((deleteAnswered = true), res));
      await waitFor(() => t.count('SELECT count(*) FROM accounts WHERE id = ?', id) === 0, 'the rows to be erased');

      // The truncation now waits for the reader. Health answers, again and again, before the reader goes.
      for (let i = 0; i < 60; i++) assert.equal((await fetch(`${origin}/v1/health`)).status, 200);
      assert.equal(deleteAnswered, false, 'the deletion is still waiting for the reader');
      release();
      release = undefined;

      assert.equal((await deletion).status, 204);
      assertNoByteLeft(t);
      assert.equal(t.count("SELECT count(*) FROM rights_requests WHERE kind = 'erasure' AND completed_at IS NULL"), 0);
    } finally {
      release?.();
      (server as Server).closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    }
  });

  test('when the reader outlasts every attempt: an alert in the log, a pending erasure, finished by the retention job', async () => {
    const t = await createTestApp({ file: true, checkpointAttempts: 3 });
    const logged = mock.method(console, 'error', () => {});
    let release: (() => void) | undefined;
    try {
      const { token, id } = await signUpWithProfile(t);
      release = holdReader(t.dbFile!);
      const res = await t.call('DELETE', `${base}/me`, { token, json: { password: GOOD_PASSWORD } });
      assert.equal(res.status, 204, 'the account is erased from the tables');
      assert.equal(t.count('SELECT count(*) FROM accounts WHERE id = ?', id), 0);
      const alerts = logged.mock.calls.map((call) => String(call.arguments[0])).filter((line) => line.includes('ALERT'));
      assert.equal(alerts.length, 1, 'never silently');
      assert.match(alerts[0], /WAL could not be truncated.*stays pending/);
      assert.equal(t.count("SELECT count(*) FROM rights_requests WHERE kind = 'erasure' AND completed_at IS NULL AND account_id IS NULL"), 1);

      release();
      release = undefined;
      const report = await t.services.retention.run();
      assert.equal(report.erasuresResumed, 1);
      assert.equal(t.count("SELECT count(*) FROM rights_requests WHERE kind = 'erasure' AND completed_at IS NULL"), 0);
      assertNoByteLeft(t);
    } finally {
      release?.();
      logged.mock.restore();
      await t.close();
    }
  });
});
