import type { PersonalDataEntry } from '../personal-data/registry.ts';
import type { ModerationStore } from './moderation.store.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** The flags an account raised, and the decisions (with their statements) about the content it wrote. */
export function moderationPersonalData(store: ModerationStore): PersonalDataEntry {
  return {
    name: 'moderation',
    tables: ['moderation_flags', 'moderation_targets', 'moderation_decisions'],
    async export(accountId) {
      return {
        flags: (await store.flagsOf(accountId)).map((f) => ({ ...f, createdAt: iso(f.createdAt) })),
        decisionsAboutMyContent: (await store.decisionsForAuthor(accountId)).map((d) => ({ ...d, createdAt: iso(d.createdAt) })),
      };
    },
    async erase(accountId) {
      await store.eraseAccount(accountId);
    },
  };
}
