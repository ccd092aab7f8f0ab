import type { OutboxStore } from './outbox.store.ts';
import { redactCodes } from './templates.ts';
import type { PersonalDataEntry } from '../personal-data/registry.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Mails sent to the citizen (kept 30 days) and those still waiting, with their codes blanked. */
export function outboxPersonalData(outbox: OutboxStore): PersonalDataEntry {
  return {
    name: 'mails',
    tables: ['outbox'],
    async export(accountId) {
      return (await outbox.listForAccount(accountId)).map((m) => ({
        messageId: m.messageId,
        to: m.to,
        subject: m.subject,
        body: redactCodes(m.body),
        status: m.status,
        attempts: m.attempts,
        nextAttemptAt: iso(m.nextAttemptAt),
        lastError: m.lastError === null ? null : redactCodes(m.lastError),
        createdAt: iso(m.createdAt),
        sentAt: iso(m.sentAt),
      }));
    },
    async erase(accountId) {
      await outbox.deleteForAccount(accountId);
    },
  };
}
