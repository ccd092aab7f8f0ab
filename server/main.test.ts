import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startServer } from './testing/processes.ts';

describe('npm start (server/main.ts)', () => {
  test('needs no configuration: creates the database and its secrets, seeds the demo, serves health and OpenAPI', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civique-start-'));
    const first = await startServer({ DATA_DIR: dataDir });
    try {
      const health = await fetch(`${first.origin}/v1/health`);
      assert.equal(health.status, 200);
      const doc = await (await fetch(`${first.origin}/v1/openapi.json`)).json();
      assert.equal(doc.openapi, '3.1.0');
      const list = await (await fetch(`${first.origin}/v1/tenants/montjoli/consultations`)).json();
      assert.deepEqual(list.consultations.map((c: { slug: string }) => c.slug).sort(), [
        'avis-mobilite',
        'budget-2027',
        'entraide-entreprises',
        'idees-centre-ville',
        'vote-marche',
      ]);
      assert.ok(existsSync(join(dataDir, 'civique.db')));
      assert.equal(statSync(join(dataDir, 'secrets.json')).mode & 0o777, 0o600);
      assert.match(first.output(), /demo staff account created: agent@montjoli\.fr \/ \S+/);
      assert.match(first.output(), new RegExp(`API listening on 127\\.0\\.0\\.1:${new URL(first.origin).port}\\b`), 'this machine only, and said so');
      assert.doesNotMatch(first.output(), /demo staff account agent@montjoli\.fr exists/);
    } finally {
      await first.stop();
    }
    const secrets = readFileSync(join(dataDir, 'secrets.json'), 'utf8');

    const second = await startServer({ DATA_DIR: dataDir });
    try {
      assert.doesNotMatch(second.output(), /demo staff account created/, 'the password is printed once');
      assert.match(second.output(), /demo staff account agent@montjoli\.fr exists: the agent of "montjoli", who runs its consultations/);
      assert.match(second.output(), /to reset it, use « Mot de passe oublié \? » on .*\(the reset link is printed here\)/);
      const list = await (await fetch(`${second.origin}/v1/tenants/montjoli/consultations`)).json();
      assert.equal(list.consultations.length, 5, 'the seed is idempotent');
    } finally {
      await second.stop();
    }
    assert.equal(readFileSync(join(dataDir, 'secrets.json'), 'utf8'), secrets, 'secrets are kept');
  });

  test('the data folder is 0700 and every file in it 0600, also when it existed with looser modes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civique-modes-'));
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'civique.db'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'civique.db'), 0o644);
    writeFileSync(join(dataDir, 'notes.txt'), 'x', { mode: 0o666 });
    chmodSync(join(dataDir, 'notes.txt'), 0o666);
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      // A write, so that -wal and -shm exist while the server runs.
      await fetch(`${server.origin}/v1/tenants/montjoli/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:8080' },
        body: JSON.stringify({ email: 'personne@example.fr', password: 'Le chat de Montjoli dort 3 fois' }),
      });
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
      const files = readdirSync(dataDir);
      for (const name of ['civique.db', 'civique.db-wal', 'civique.db-shm', 'secrets.json', 'notes.txt']) assert.ok(files.includes(name), name);
      for (const name of files) assert.equal(statSync(join(dataDir, name)).mode & 0o777, 0o600, name);
    } finally {
      await server.stop();
    }
  });

  test('a bad environment value stops the start with one line naming the variable', async () => {
    const server = await startServer({ DATA_DIR: mkdtempSync(join(tmpdir(), 'civique-bad-')), SMTP_URL: 'not-a-url' }, { waitForHealth: false });
    const code = await server.exited;
    assert.equal(code, 1);
    const lines = server
      .output()
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('npm warn'));
    assert.equal(lines.length, 1, server.output());
    assert.match(lines[0], /^\[civique\] invalid environment variable SMTP_URL=/);
  });

  test('HOST takes an address only, and a bad one stops the start naming it', async () => {
    const server = await startServer({ DATA_DIR: mkdtempSync(join(tmpdir(), 'civique-host-')), HOST: 'http://0.0.0.0' }, { waitForHealth: false });
    assert.equal(await server.exited, 1);
    assert.match(server.output(), /^\[civique\] invalid environment variable HOST=/m);
  });
});

describe('over real HTTP', () => {
  test('JSON bodies: a bodiless DELETE passes, another type is a 415, too large is a 413, JSON reaches the validators', async () => {
    const server = await startServer({ DATA_DIR: mkdtempSync(join(tmpdir(), 'civique-http-')) });
    try {
      const res = await fetch(`${server.origin}/v1/tenants/montjoli/consents/0123456789abcdef0123456789abcdef`, { method: 'DELETE' });
      assert.notEqual(res.status, 415);
      const form = await fetch(`${server.origin}/v1/tenants/montjoli/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=a%40b.fr',
      });
      assert.equal(form.status, 415, 'a body of another type still is');
      const signIn = await fetch(`${server.origin}/v1/tenants/montjoli/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.fr', password: 'not the password' }),
      });
      assert.equal(signIn.status, 401, 'a JSON body read straight from the socket reaches the validators');
      const invalid = await fetch(`${server.origin}/v1/tenants/montjoli/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 42 }),
      });
      assert.equal(invalid.status, 400);
      assert.equal((await invalid.json()).error.code, 'validation_failed');
      const huge = await fetch(`${server.origin}/v1/tenants/montjoli/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.fr', password: 'x'.repeat(200_000) }),
      });
      assert.equal(huge.status, 413);
      // Chunked, without a Content-Length: the limit still holds while reading.
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(5000)));
          controller.close();
        },
      });
      const chunked = await fetch(`${server.origin}/v1/tenants/montjoli/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chunks,
        duplex: 'half',
      } as RequestInit);
      assert.equal(chunked.status, 413);
    } finally {
      await server.stop();
    }
  });
});
