import type { ConsultationStore } from '../consultations/consultations.store.ts';
import type { PersonalDataEntry } from '../personal-data/registry.ts';
import type { BallotStore } from './votes.store.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Ballots linked to the account. On erasure they keep counting (results must not move) but lose the link and
 * their precise times; at the consultation's retention end every ballot loses its account link or anonymous
 * hash. The counters hold no personal data.
 */
export function ballotPersonalData(ballots: BallotStore, consultations: ConsultationStore): PersonalDataEntry {
  return {
    name: 'ballots',
    tables: ['ballots'],
    async export(accountId) {
      const list = await ballots.listForAccount(accountId);
      return Promise.all(
        list.map(async (b) => {
          const consultation = await consultations.get(b.consultationId);
          return {
            consultation: consultation?.slug ?? b.consultationId,
            tenant: consultation?.tenantId ?? null,
            choice: b.choice,
            district: b.district,
            status: b.status,
            quarantineReasons: b.reasons,
            castAt: iso(b.castAt),
            updatedAt: iso(b.updatedAt),
            reviewedAt: iso(b.reviewedAt),
          };
        }),
      );
    },
    async erase(accountId) {
      await ballots.unlinkAccount(accountId);
    },
    async purgeConsultation(consultationId) {
      await ballots.unlinkConsultation(consultationId);
    },
    async participations(accountId) {
      return (await ballots.listForAccount(accountId)).map((b) => ({
        kind: 'ballot',
        id: String(b.id),
        consultationId: b.consultationId,
        at: b.updatedAt,
        status: b.status,
      }));
    },
  };
}
