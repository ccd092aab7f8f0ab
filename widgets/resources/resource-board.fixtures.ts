/**
 * A resource board, its posts, a business profile and a conversation for the tests and stories of
 * `civ-resource-board`, shaped as the API sends them, and the mocked routes that serve them. Nothing here is
 * bundled into the widgets.
 *
 * @example
 * const api = mockApi(boardRoutes({ items: [resourcePost(), expiredPost()] }));
 */
import type { Consultation } from '../core/api-types.ts';
import type { MockRoute } from '../testing/mock-api.ts';
import { consultation } from '../testing/consultation.ts';
import type { BusinessProfile, Partner, ResourcePage, ResourcePost, ResourcesSettings, Thread } from './resource-types.ts';

export const BOARD = 'entraide-entreprises';

export function board(overrides: Partial<Consultation<ResourcesSettings>> = {}, settings: Partial<ResourcesSettings> = {}): Consultation<ResourcesSettings> {
  return consultation<ResourcesSettings>(
    'resources',
    BOARD,
    'Entraide entre entreprises montjoliennes',
    {
      places: [
        { id: 'centre-ville', label: { fr: 'Centre-ville', en: 'Town centre' } },
        { id: 'zone-des-pres', label: { fr: 'Zone d’activités des Prés', en: 'Les Prés business park' } },
      ],
      premoderation: false,
      expiryDays: 60,
      ...settings,
    },
    {
      allowAnonymous: false,
      description: 'Prêtez ou empruntez du personnel, du matériel ou des locaux, en toute confidentialité.',
      privacyNotice: {
        purposes: ['Mettre en relation les entreprises', 'Relayer les messages sans montrer les adresses e-mail'],
        recipients: ['Ville de Montjoli (service Développement économique)'],
        retention: 'Selon les durées ci-dessous.',
        durations: [
          { fr: 'Une annonce expire 60 jours après sa publication.', en: 'A post expires 60 days after it is published.' },
          {
            fr: 'Le texte d’un message relayé est effacé dès son envoi par courriel.',
            en: 'A relayed message’s text is erased as soon as it is sent by email.',
          },
        ],
      },
      ...overrides,
    },
  );
}

export function resourcePost(overrides: Partial<ResourcePost> = {}): ResourcePost {
  return {
    id: 'post-1',
    direction: 'offer',
    kind: 'vehicle',
    title: 'Véhicule utilitaire 12 m³ à prêter le week-end',
    description: 'Notre camionnette est libre du vendredi soir au lundi matin. Permis B suffisant.',
    quantity: '1 véhicule',
    periodStart: '2027-03-01',
    periodEnd: '2027-06-30',
    place: 'zone-des-pres',
    paid: false,
    imageUrl: null,
    business: { tradeName: 'Menuiserie Leroux' },
    status: 'open',
    moderation: 'published',
    expiresAt: '2027-04-12T10:00:00.000Z',
    createdAt: '2027-02-11T10:00:00.000Z',
    mine: false,
    ...overrides,
  };
}

export const requestPost = (overrides: Partial<ResourcePost> = {}) =>
  resourcePost({
    id: 'post-2',
    direction: 'request',
    kind: 'premises',
    title: 'Cherche 20 m² de stockage sec en centre-ville',
    description: 'Pour des cartons de livres, trois mois.',
    quantity: '20 m²',
    periodStart: null,
    periodEnd: null,
    place: 'centre-ville',
    paid: true,
    business: { tradeName: 'Librairie du Marché' },
    ...overrides,
  });

export const expiredPost = (overrides: Partial<ResourcePost> = {}) =>
  resourcePost({
    id: 'post-3',
    kind: 'staff',
    title: 'Un pâtissier disponible deux jours par semaine',
    quantity: '1 personne',
    status: 'expired',
    expiresAt: '2027-01-20T10:00:00.000Z',
    business: { tradeName: 'Boulangerie Martin' },
    ...overrides,
  });

export function businessProfile(overrides: Partial<BusinessProfile> = {}): BusinessProfile {
  return {
    tradeName: 'Librairie du Marché',
    siret: '73282932000074',
    sector: 'Commerce de livres',
    commune: 'Montjoli',
    updatedAt: '2027-02-01T09:00:00.000Z',
    ...overrides,
  };
}

export function thread(overrides: Partial<Thread> = {}): Thread {
  return {
    id: 'thread-1',
    post: { id: 'post-1', title: 'Véhicule utilitaire 12 m³ à prêter le week-end' },
    role: 'asker',
    counterpart: { tradeName: 'Menuiserie Leroux', email: null },
    messages: [
      { fromMe: true, body: 'Bonjour, la camionnette serait-elle libre le 15 mars ?', sharedEmail: null, createdAt: '2027-02-12T09:00:00.000Z' },
      { fromMe: false, body: 'Oui, passez la prendre vendredi à 18 h.', sharedEmail: null, createdAt: '2027-02-12T11:30:00.000Z' },
    ],
    updatedAt: '2027-02-12T11:30:00.000Z',
    ...overrides,
  };
}

/** A partner of the board, as listed: never its address. */
export function partner(overrides: Partial<Partner> = {}): Partner {
  return {
    id: 'cci-vosges01',
    name: 'Chambre de commerce et d’industrie des Vosges',
    logoUrl: null,
    helpsWith: { fr: 'Trouver un local, recruter, financer un projet', en: 'Finding premises, hiring, funding a project' },
    ...overrides,
  };
}

/** Routes of a board: the consultation, a first page of posts, each post, my profile, my threads, its partners (none by default). */
export function boardRoutes(
  page: Partial<ResourcePage> = {},
  o: { c?: Consultation<ResourcesSettings>; profile?: BusinessProfile | null; threads?: Thread[]; partners?: Partner[] } = {},
): Record<string, MockRoute> {
  const items = page.items ?? [resourcePost(), requestPost(), expiredPost()];
  return {
    [`GET consultations/${BOARD}`]: { body: o.c ?? board() },
    [`GET consultations/${BOARD}/resources`]: { body: { items, next: page.next ?? null } },
    'GET me/business-profile': { body: { profile: o.profile === undefined ? businessProfile() : o.profile } },
    'GET me/resource-threads': { body: { threads: o.threads ?? [thread()] } },
    [`GET consultations/${BOARD}/partners`]: { body: { items: o.partners ?? [] } },
    ...Object.fromEntries(items.map((p) => [`GET consultations/${BOARD}/resources/${p.id}`, { body: p }])),
  };
}
