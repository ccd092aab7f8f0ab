import type { RightsStore } from './rights.store.ts';
import type { PersonalDataEntry } from '../personal-data/registry.ts';

/** The log of the citizen's own requests: exported; on erasure only the unlinked kind and dates remain. */
export function rightsPersonalData(rights: RightsStore): PersonalDataEntry {
  return {
    name: 'rightsRequests',
    tables: ['rights_requests'],
    async export(accountId) {
      return (await rights.listForAccount(accountId)).map((r) => ({
        kind: r.kind,
        receivedAt: new Date(r.receivedAt).toISOString(),
        dueAt: new Date(r.dueAt).toISOString(),
        completedAt: r.completedAt === null ? null : new Date(r.completedAt).toISOString(),
      }));
    },
    async erase() {
      // Nothing to do yet: the pending erasure request must keep its link to the account until the very end,
      // so that a crash midway can be resumed (RightsService.resumeErasures); RightsService cuts it last.
    },
  };
}
