/**
 * A proposals consultation and its proposals for the tests and stories of `civ-proposal-form` and
 * `civ-proposals`, shaped as the API sends them, and the mocked routes that serve them. Nothing here is bundled
 * into the widgets.
 *
 * @example
 * const api = mockApi(proposalRoutes({ items: [answeredProposal()] }));
 */
import type { Consultation } from '../core/api-types.ts';
import type { MockRoute } from '../testing/mock-api.ts';
import { consultation } from '../testing/consultation.ts';
import type { Proposal, ProposalPage, ProposalsSettings } from './proposal-types.ts';

export const SLUG = 'idees-centre-ville';

export function ideas(overrides: Partial<Consultation<ProposalsSettings>> = {}, settings: Partial<ProposalsSettings> = {}): Consultation<ProposalsSettings> {
  return consultation<ProposalsSettings>(
    'proposals',
    SLUG,
    'Vos idées pour le centre-ville',
    {
      categories: [
        { id: 'mobilite', label: { fr: 'Mobilité', en: 'Transport' } },
        { id: 'nature', label: { fr: 'Nature en ville', en: 'Nature in town' } },
      ],
      quartiers: [
        { id: 'centre', label: { fr: 'Centre-ville' } },
        { id: 'coteaux', label: { fr: 'Les Coteaux' } },
      ],
      titleMax: 120,
      bodyMax: 3000,
      premoderation: true,
      ...settings,
    },
    { allowAnonymous: true, description: 'Proposez, soutenez, et recevez la réponse de vos élus.', ...overrides },
  );
}

export function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: 'prop-1',
    slug: SLUG,
    title: 'Rénover la fontaine de la place du marché',
    text: 'La fontaine ne coule plus depuis deux ans. Voir https://www.montjoli.fr/patrimoine pour son histoire.',
    category: 'nature',
    quartier: 'centre',
    imageUrl: null,
    moderation: 'published',
    rejectionReason: null,
    answerStatus: 'none',
    answer: null,
    supportCount: 12,
    createdAt: '2027-01-12T10:00:00.000Z',
    byMe: false,
    ...overrides,
  };
}

export const answeredProposal = (overrides: Partial<Proposal> = {}) =>
  proposal({
    id: 'prop-2',
    title: 'Des arceaux à vélo devant la médiathèque',
    text: 'Il n’y a nulle part où attacher son vélo.',
    category: 'mobilite',
    answerStatus: 'accepted',
    answer: { text: 'Douze arceaux seront posés au printemps 2027.', answeringBody: 'Conseil municipal', publishedAt: '2027-02-03T18:00:00.000Z' },
    supportCount: 48,
    ...overrides,
  });

/** Routes of a proposals consultation: the consultation, a first page of proposals, each proposal, supports. */
export function proposalRoutes(page: Partial<ProposalPage> = {}, c = ideas()): Record<string, MockRoute> {
  const items = page.items ?? [proposal(), answeredProposal()];
  return {
    [`GET consultations/${SLUG}`]: { body: c },
    [`GET consultations/${SLUG}/proposals`]: { body: { items, nextCursor: page.nextCursor ?? null } },
    [`GET consultations/${SLUG}/my-supports`]: { body: { proposalIds: [] } },
    ...Object.fromEntries(items.map((p) => [`GET consultations/${SLUG}/proposals/${p.id}`, { body: p }])),
  };
}
