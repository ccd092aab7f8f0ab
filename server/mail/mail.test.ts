import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MINUTE } from '../clock.ts';
import { codeFromMail, createTestApp, RETURN_URL, TENANT, type TestApp } from '../testing/test-app.ts';
import { createSmtpMailer } from './mailer.ts';
import { decodeBody, startSmtpListener } from '../testing/smtp.ts';
import { OutboxWorker, retryDelay } from './outbox.worker.ts';

describe('mail through a real SMTP listener', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let t: TestApp;
  before(async () => {
    smtp = await startSmtpListener();
    t = await createTestApp({ deps: { mailer: createSmtpMailer((await Promise.resolve(smtp)).url, 'Civique <no-reply@montjoli.test>') } });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('the sign-up confirmation is delivered as plain French text with a working single-use link', async () => {
    const signUp = await t.call('POST', `/v1/tenants/${TENANT}/auth/sign-up`, {
      json: { email: 'smtp@example.fr', password: 'Le chat de Montjoli dort 3 fois', returnUrl: RETURN_URL },
    });
    assert.equal(signUp.status, 202);
    assert.equal(await t.services.outboxWorker.runOnce(), 1);
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0];
    assert.deepEqual(mail.to, ['smtp@example.fr']);
    assert.equal(mail.from, 'no-reply@montjoli.test');
    assert.match(mail.raw, /^Content-Type: text\/plain; charset=utf-8/im);
    assert.match(mail.raw, /^Message-ID: <[0-9a-f-]{36}@civique>/im);
    const body = decodeBody(mail.raw);
    assert.match(body, /Bonjour,/);
    const verify = await t.call('POST', `/v1/tenants/${TENANT}/auth/verify-email`, { json: { code: codeFromMail(body, 'verify') } });
    assert.equal(verify.status, 200);
    const row = t.db.prepare("SELECT status, sent_at FROM outbox WHERE to_address = 'smtp@example.fr'").get() as { status: string; sent_at: number };
    assert.equal(row.status, 'sent');
  });

  test('a refused delivery is retried with backoff, with the same Message-ID, and sent once', async () => {
    smtp.refuseNext(2);
    const before = smtp.received.length;
    await t.call('POST', `/v1/tenants/${TENANT}/auth/password-reset-request`, {
      json: { email: 'smtp@example.fr', returnUrl: RETURN_URL },
    });
    assert.equal(await t.services.outboxWorker.runOnce(), 0);
    const row = () =>
      t.db.prepare("SELECT * FROM outbox WHERE subject LIKE 'Choisissez%'").get() as {
        status: string;
        attempts: number;
        next_attempt_at: number;
        last_error: string;
        message_id: string;
      };
    assert.equal(row().status, 'pending');
    assert.equal(row().attempts, 1);
    assert.equal(row().next_attempt_at, t.clock.now() + retryDelay(1));
    assert.match(row().last_error, /451|unavailable/i);

    assert.equal(await t.services.outboxWorker.runOnce(), 0, 'not due yet');
    t.clock.advance(retryDelay(1));
    assert.equal(await t.services.outboxWorker.runOnce(), 0);
    t.clock.advance(retryDelay(2));
    assert.equal(await t.services.outboxWorker.runOnce(), 1);
    assert.equal(smtp.received.length, before + 1);
    assert.ok(smtp.received.at(-1)!.raw.includes(row().message_id));
    assert.equal(row().status, 'sent');
    assert.equal(await t.services.outboxWorker.runOnce(), 0, 'never sent twice');
    assert.equal(smtp.received.length, before + 1);
  });
});

describe('outbox', () => {
  test('a mail is written in the same transaction as its event: a failed event leaves no mail', async () => {
    const t = await createTestApp();
    try {
      const first = await t.signUp('first@example.fr');
      const mails = t.count('SELECT count(*) FROM outbox');
      const codes = t.count('SELECT count(*) FROM auth_codes');
      // An account whose email is taken fails at its insert: its code and mail must not stay behind.
      const account = { ...(await t.store.accounts.get(first.id))!, id: 'another-id' };
      const code = {
        codeHash: 'h',
        lookup: 'l',
        accountId: 'another-id',
        purpose: 'verify_email' as const,
        email: account.email,
        failedAttempts: 0,
        createdAt: 1,
        expiresAt: 2,
        usedAt: null,
        revokedAt: null,
      };
      const mail = { messageId: '<dup@civique>', accountId: 'another-id', to: account.email, subject: 's', body: 'b', createdAt: 1 };
      await assert.rejects(t.store.accounts.create(account, { code, mail }), /already uses this email/);
      assert.equal(t.count('SELECT count(*) FROM outbox'), mails);
      assert.equal(t.count('SELECT count(*) FROM auth_codes'), codes);
    } finally {
      await t.close();
    }
  });

  test('survives a crash: a mail queued before a restart is sent by the next worker', async () => {
    const t = await createTestApp();
    try {
      await t.signUp('restart@example.fr');
      t.services.outboxWorker.stop();
      // A new worker on the same store, as after a restart, finds the pending mail.
      const worker = new OutboxWorker(t.store.outbox, t.mailer, t.clock);
      assert.equal(await worker.runOnce(), 1);
      assert.equal(t.mailer.sent.at(-1)!.to, 'restart@example.fr');
    } finally {
      await t.close();
    }
  });

  test('gives up after 8 attempts and marks the mail failed; sent mails are erased after 30 days', async () => {
    const t = await createTestApp();
    try {
      await t.signUp('never@example.fr');
      t.mailer.failNext = 100;
      for (let i = 0; i < 8; i++) {
        await t.services.outboxWorker.runOnce();
        t.clock.advance(61 * MINUTE);
      }
      const row = t.db.prepare("SELECT status, attempts FROM outbox WHERE to_address = 'never@example.fr'").get() as { status: string; attempts: number };
      assert.deepEqual(row, { status: 'failed', attempts: 8 });
      t.clock.advance(31 * 24 * 60 * MINUTE);
      await t.services.retention.run();
      assert.equal(t.count("SELECT count(*) FROM outbox WHERE to_address = 'never@example.fr'"), 0);
    } finally {
      await t.close();
    }
  });
});
