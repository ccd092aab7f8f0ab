import type { OutboxStore } from './outbox.store.ts';
import type { PersonalDataEntry } from '../rights/registry.ts';

/** Mails sent to the citizen (kept 30 days) and those still waiting. */
export function outboxPersonalData(outbox: OutboxStore): PersonalDataEntry {
  return {
    name: 'mails',
    tables: ['outbox'],
    async export(accountId) {
      return (await outbox.listForAccount(accountId)).map((m) => ({
        to: m.to,
        subject: m.subject,
        body: m.body,
        status: m.status,
        createdAt: new Date(m.createdAt).toISOString(),
        sentAt: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
      }));
    },
    async erase(accountId) {
      await outbox.deleteForAccount(accountId);
    },
  };
}
