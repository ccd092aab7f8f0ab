import type { PersonalDataEntry } from '../personal-data/registry.ts';
import type { StuffingStore } from './stuffing.store.ts';

/**
 * Keyed hashes of the address used to take part. Exported as they are (they mean nothing without the key,
 * which is destroyed); erased with the account, and by everyone after 90 days.
 */
export function stuffingPersonalData(stuffing: StuffingStore): PersonalDataEntry {
  return {
    name: 'ipTraces',
    tables: ['ip_traces'],
    async export(accountId) {
      return (await stuffing.listForAccount(accountId)).map((t) => ({
        participation: `${t.participationKind}:${t.participationId}`,
        addressHash: t.ipHash.toString('hex'),
        networkHash: t.prefixHash.toString('hex'),
        siteHash: t.siteHash ? t.siteHash.toString('hex') : null,
        createdAt: new Date(t.createdAt).toISOString(),
        erasedAfter: new Date(t.createdAt + 90 * 24 * 3600 * 1000).toISOString(),
      }));
    },
    async erase(accountId) {
      await stuffing.deleteForAccount(accountId);
    },
    async purgeConsultation(consultationId) {
      await stuffing.deleteForScope(consultationId);
    },
  };
}
