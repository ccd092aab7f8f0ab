import type { ConsultationStore } from '../consultations/consultations.store.ts';
import type { PersonalDataEntry } from '../personal-data/registry.ts';
import { moderationOf } from './proposals.service.ts';
import type { ProposalStore } from './proposals.store.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The proposals an account wrote, the supports it gave and the images it uploaded. On deletion the citizen
 * chooses: their proposals stay published without author (their day kept, not their time), or are deleted with
 * the account; supports and unattached images always go. An anonymous author's address is not linked to any
 * account: it is seen, exported and erased with its own token (`/proposal-subscriptions/{token}`), and cut at the
 * consultation's retention end with every author link.
 */
export function proposalPersonalData(store: ProposalStore, consultations: ConsultationStore): PersonalDataEntry {
  const slug = async (consultationId: string) => (await consultations.get(consultationId))?.slug ?? consultationId;
  return {
    name: 'proposals',
    tables: [
      'proposals',
      'proposal_supports',
      'proposal_images',
      'proposal_subscriptions',
      'proposals_search',
      'proposals_search_data',
      'proposals_search_idx',
      'proposals_search_docsize',
      'proposals_search_config',
    ],
    async export(accountId) {
      return {
        proposals: await Promise.all(
          (await store.listForAccount(accountId)).map(async (p) => ({
            id: p.id,
            consultation: await slug(p.consultationId),
            title: p.title,
            text: p.text,
            category: p.category,
            quartier: p.quartier,
            imageId: p.imageId,
            contactConsent: p.contactConsent,
            moderation: moderationOf(p),
            answerStatus: p.answerStatus,
            answer: p.answerText,
            answeringBody: p.answeringBody,
            answeredAt: iso(p.answeredAt),
            supportCount: p.supportCount,
            createdAt: iso(p.createdAt)!,
            withdrawnAt: iso(p.withdrawnAt),
          })),
        ),
        supports: await Promise.all(
          (await store.supportsOfAccount(accountId)).map(async (s) => ({
            consultation: await slug(s.consultationId),
            proposalId: s.proposalId,
            status: s.status,
            createdAt: iso(s.createdAt)!,
          })),
        ),
        images: (await store.imagesOfAccount(accountId)).map((i) => ({
          id: i.id,
          contentType: i.contentType,
          width: i.width,
          height: i.height,
          createdAt: iso(i.createdAt)!,
        })),
      };
    },
    async erase(accountId, options) {
      await store.eraseAccount(accountId, options?.proposals ?? 'keep_anonymous');
    },
    async purgeConsultation(consultationId) {
      await store.unlinkConsultation(consultationId);
    },
    async participations(accountId) {
      const proposals = (await store.listForAccount(accountId)).map((p) => ({
        kind: 'proposal',
        id: p.id,
        consultationId: p.consultationId,
        at: p.createdAt,
        status: moderationOf(p),
      }));
      const supports = (await store.supportsOfAccount(accountId)).map((s) => ({
        kind: 'proposalSupport',
        id: String(s.id),
        consultationId: s.consultationId,
        at: s.updatedAt,
        status: s.status,
      }));
      return [...proposals, ...supports];
    },
  };
}
