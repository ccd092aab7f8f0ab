import type { Db } from '../db/open.ts';

/** A mail to send, written in the same transaction as the event that causes it. */
export interface OutboxMail {
  messageId: string;
  accountId: string | null;
  to: string;
  subject: string;
  body: string;
  /** A simple HTML part beside the plain text; null: text only. */
  html?: string | null;
  createdAt: number;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxEntry extends OutboxMail {
  id: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
}

export interface OutboxStore {
  enqueue(mail: OutboxMail): Promise<void>;
  /** Pending mails whose next attempt is due, oldest first. */
  listDue(now: number, limit: number): Promise<OutboxEntry[]>;
  markSent(id: number, at: number): Promise<void>;
  /** Records a failed attempt; `nextAttemptAt = null` gives up and marks the mail failed. */
  markAttemptFailed(id: number, error: string, nextAttemptAt: number | null): Promise<void>;
  listForAccount(accountId: string): Promise<OutboxEntry[]>;
  deleteForAccount(accountId: string): Promise<void>;
  /** Deletes sent and failed mails older than `before`: their text is personal data too. */
  deleteFinishedBefore(before: number): Promise<number>;
}

interface OutboxRow {
  id: number;
  message_id: string;
  account_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  html: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  messageId: row.message_id,
  accountId: row.account_id,
  to: row.to_address,
  subject: row.subject,
  body: row.body,
  html: row.html,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

const insertSql = `
  INSERT INTO outbox (message_id, account_id, to_address, subject, body, html, status, attempts, next_attempt_at, created_at)
  VALUES (:messageId, :accountId, :to, :subject, :body, :html, 'pending', 0, :createdAt, :createdAt)`;

/**
 * Writes one mail inside the caller's transaction; other stores call it so that an event and its mail
 * commit together.
 */
export function insertOutboxMail(db: Db, mail: OutboxMail): void {
  db.prepare(insertSql).run({ ...mail, html: mail.html ?? null });
}

export function createSqliteOutboxStore(db: Db): OutboxStore {
  const insert = db.prepare(insertSql);
  const listDue = db.prepare<[number, number], OutboxRow>("SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?");
  const markSent = db.prepare("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?");
  const markRetry = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?');
  const markFailed = db.prepare("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?");
  const listForAccount = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE account_id = ? ORDER BY id');
  const deleteForAccount = db.prepare('DELETE FROM outbox WHERE account_id = ?');
  const deleteFinished = db.prepare("DELETE FROM outbox WHERE status IN ('sent', 'failed') AND coalesce(sent_at, created_at) < ?");

  return {
    async enqueue(mail) {
      insert.run({ ...mail, html: mail.html ?? null });
    },
    async listDue(now, limit) {
      return listDue.all(now, limit).map(toEntry);
    },
    async markSent(id, at) {
      markSent.run(at, id);
    },
    async markAttemptFailed(id, error, nextAttemptAt) {
      if (nextAttemptAt === null) markFailed.run(error, id);
      else markRetry.run(error, nextAttemptAt, id);
    },
    async listForAccount(accountId) {
      return listForAccount.all(accountId).map(toEntry);
    },
    async deleteForAccount(accountId) {
      deleteForAccount.run(accountId);
    },
    async deleteFinishedBefore(before) {
      return deleteFinished.run(before).changes;
    },
  };
}
