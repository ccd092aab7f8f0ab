import type { ConsultationStore } from '../consultations/consultations.store.ts';
import type { PersonalDataEntry } from '../personal-data/registry.ts';
import type { SurveyStore } from './surveys.store.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Survey responses and drafts. On erasure drafts go; responses keep counting but lose the account link, their
 * free text, the profile answers and their precise times. At the retention end every response loses the same,
 * and its anonymous hash too; drafts go. Closed answers and the counters stay.
 */
export function surveyPersonalData(surveys: SurveyStore, consultations: ConsultationStore): PersonalDataEntry {
  const slugOf = async (consultationId: string) => (await consultations.get(consultationId))?.slug ?? consultationId;
  return {
    name: 'surveyResponses',
    tables: ['survey_responses', 'survey_drafts'],
    async export(accountId) {
      const [responses, drafts] = await Promise.all([surveys.listForAccount(accountId), surveys.listDraftsForAccount(accountId)]);
      return {
        responses: await Promise.all(
          responses.map(async (r) => ({
            consultation: await slugOf(r.consultationId),
            answers: r.answers,
            profile: r.profile,
            status: r.status,
            quarantineReasons: r.reasons,
            submittedAt: iso(r.submittedAt),
            updatedAt: iso(r.updatedAt),
          })),
        ),
        drafts: await Promise.all(
          drafts.map(async (d) => ({ consultation: await slugOf(d.consultationId), answers: d.answers, profile: d.profile, savedAt: iso(d.savedAt) })),
        ),
      };
    },
    async erase(accountId) {
      await surveys.eraseAccount(accountId);
    },
    async purgeConsultation(consultationId) {
      await surveys.purgeConsultation(consultationId);
    },
    async participations(accountId) {
      return (await surveys.listForAccount(accountId)).map((r) => ({
        kind: 'surveyResponse',
        id: String(r.id),
        consultationId: r.consultationId,
        at: r.updatedAt,
        status: r.status,
      }));
    },
  };
}
