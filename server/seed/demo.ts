import { randomBytes, randomUUID } from 'node:crypto';
import { DAY, type Clock } from '../clock.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { ConsultationKind } from '../consultations/consultations.store.ts';
import type { Store } from '../store.ts';
import { demoSettings } from './demo-settings.ts';

export const DEMO_TENANT = {
  id: 'montjoli',
  name: 'Ville de Montjoli',
  allowedOrigins: ['http://localhost:8080', 'http://127.0.0.1:8080'],
  quartiers: ['Centre-ville', 'Les Coteaux', 'Le Val Fleuri', 'Quartier de la Gare', 'Les Prés Hauts'],
};
export const DEMO_STAFF_EMAIL = 'agent@montjoli.fr';

const NOTICE = {
  recipients: ['Ville de Montjoli (service Démocratie locale)', 'Ses partenaires de l’opération, le temps de l’opération'],
  retention: 'Données personnelles conservées jusqu’à la fin de conservation indiquée, puis supprimées ; adresses IP anonymisées au bout de 3 mois',
};

const DEMO_CONSULTATIONS: { slug: string; kind: ConsultationKind; title: string; description: string; purposes: string[]; allowAnonymous: boolean }[] = [
  {
    slug: 'budget-2027',
    kind: 'budget',
    title: 'Budget participatif 2027',
    description: 'Choisissez les projets que la Ville réalisera en 2027, dans la limite du budget de votre quartier.',
    purposes: ['Compter les votes du budget participatif', 'Éviter les votes multiples (bourrage)', 'Statistiques de représentativité'],
    allowAnonymous: false,
  },
  {
    slug: 'vote-marche',
    kind: 'vote',
    title: 'Quel jour pour le marché du centre-ville ?',
    description: 'Le marché du centre-ville pourrait changer de jour. Donnez votre préférence.',
    purposes: ['Compter les votes', 'Éviter les votes multiples (bourrage)'],
    allowAnonymous: true,
  },
  {
    slug: 'avis-mobilite',
    kind: 'survey',
    title: 'Vos déplacements à Montjoli',
    description: 'Dix minutes pour nous aider à préparer le plan de mobilité 2028.',
    purposes: ['Connaître vos besoins de déplacement', 'Statistiques de représentativité'],
    allowAnonymous: true,
  },
  {
    slug: 'idees-centre-ville',
    kind: 'proposals',
    title: 'Vos idées pour le centre-ville',
    description: 'Proposez, soutenez, et recevez la réponse de vos élus.',
    purposes: ['Publier vos propositions', 'Vous notifier de la réponse de la collectivité'],
    // Anyone may send an idea; an anonymous author may leave an address only to be told of the answer.
    allowAnonymous: true,
  },
  {
    slug: 'entraide-entreprises',
    kind: 'resources',
    title: 'Entraide entre entreprises montjoliennes',
    description: 'Prêtez ou empruntez du personnel, du matériel ou des locaux, en toute confidentialité.',
    purposes: ['Mettre en relation les entreprises', 'Relayer les messages sans montrer les adresses e-mail'],
    allowAnonymous: false,
  },
];

/**
 * The fictional commune the demo site embeds: tenant, one consultation of each kind, one staff account.
 * Idempotent: what exists is left as it is. Returns the staff password when it was generated now.
 */
export async function seedDemo(store: Store, clock: Clock, staffPassword?: string): Promise<{ generatedPassword?: string }> {
  const now = clock.now();
  const existing = await store.tenants.get(DEMO_TENANT.id);
  await store.tenants.upsert({ ...DEMO_TENANT, createdAt: existing?.createdAt ?? now });

  for (const c of DEMO_CONSULTATIONS) {
    if (await store.consultations.getBySlug(DEMO_TENANT.id, c.slug)) continue;
    const closesAt = now + 60 * DAY;
    await store.consultations.insert({
      id: randomUUID(),
      tenantId: DEMO_TENANT.id,
      slug: c.slug,
      kind: c.kind,
      title: c.title,
      description: c.description,
      opensAt: now - 7 * DAY,
      closesAt,
      retentionEnd: closesAt + 365 * DAY,
      privacyNotice: { purposes: c.purposes, ...NOTICE },
      allowAnonymous: c.allowAnonymous,
      stuffingPolicy: {
        requireVerifiedEmail: false,
        perIp: { max: 20, windowMinutes: 24 * 60 },
        perPrefix: { max: 200, windowMinutes: 24 * 60 },
      },
      settings: demoSettings[c.kind],
      purgedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  await seedProposals(store, now);
  await seedPartners(store, now);

  let generatedPassword: string | undefined;
  let staff = await store.accounts.getByEmail(DEMO_STAFF_EMAIL);
  if (!staff) {
    const password = staffPassword ?? (generatedPassword = randomBytes(12).toString('base64url'));
    staff = {
      id: randomUUID(),
      email: DEMO_STAFF_EMAIL,
      emailVerifiedAt: now,
      passwordHash: await hashPassword(password),
      locale: 'fr',
      restrictedAt: null,
      objectedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await store.accounts.create(staff);
  }
  await store.tenants.addStaff({ tenantId: DEMO_TENANT.id, accountId: staff.id, role: 'admin', createdAt: now });
  return { generatedPassword };
}

/** The organisations the demo's "Entraide entre entreprises" board lists; their addresses are fictional (`.example`). */
export const DEMO_PARTNERS = [
  {
    id: 'demo-cci-mtj',
    name: 'Chambre de commerce et d’industrie de Montjoli',
    logoUrl: null,
    helpsWith: { fr: 'Créer, financer et développer votre entreprise ; recruter', en: 'Starting, funding and growing your business; hiring' },
    email: 'entreprises@cci-montjoli.example',
  },
  {
    id: 'demo-cma-mtj',
    name: 'Chambre de métiers et de l’artisanat',
    logoUrl: null,
    helpsWith: { fr: 'Artisanat : apprentissage, formalités, transmission' },
    email: 'conseil@cma-montjoli.example',
  },
];

/** Lists the demo partners once: a tenant that already has partners keeps its own. */
async function seedPartners(store: Store, now: number): Promise<void> {
  if ((await store.partners.list(DEMO_TENANT.id)).length > 0) return;
  for (const partner of DEMO_PARTNERS) await store.partners.save({ ...partner, tenantId: DEMO_TENANT.id, createdAt: now, updatedAt: now });
}

/** The published ideas of the demo's "boîte à idées", one of them answered by the municipal council. */
export const DEMO_PROPOSALS = [
  {
    id: 'demo-halle-marche',
    title: 'Rénover la halle du marché',
    text: 'La halle a besoin d’un toit neuf et de bancs à l’ombre pour que le marché reste agréable l’été.',
    category: 'commerces',
    quartier: 'centre-ville',
    answer: {
      status: 'selected' as const,
      text: 'Le conseil municipal retient cette idée : elle sera proposée au vote du budget participatif 2027, pour un coût estimé à 45 000 €.',
      answeringBody: 'Conseil municipal du 12 mars',
    },
  },
  {
    id: 'demo-arceaux-velo',
    title: 'Des arceaux vélo devant l’école Jules-Ferry',
    text: 'Les parents qui accompagnent leurs enfants à vélo n’ont nulle part où attacher leur vélo.',
    category: 'mobilite',
    quartier: 'gare',
  },
  {
    id: 'demo-vergers-coteaux',
    title: 'Un verger partagé aux Coteaux',
    text: 'Planter des arbres fruitiers sur la pelouse de la rue Haute, entretenus par les habitants volontaires.',
    category: 'nature',
    quartier: 'les-coteaux',
  },
];

async function seedProposals(store: Store, now: number): Promise<void> {
  const consultation = await store.consultations.getBySlug(DEMO_TENANT.id, 'idees-centre-ville');
  if (!consultation) return;
  for (const [i, p] of DEMO_PROPOSALS.entries()) {
    if (await store.proposals.get(DEMO_TENANT.id, consultation.id, p.id)) continue;
    await store.proposals.insert({
      id: p.id,
      consultationId: consultation.id,
      accountId: null,
      participantHash: null,
      title: p.title,
      text: p.text,
      category: p.category,
      quartier: p.quartier,
      imageId: null,
      contactConsent: false,
      returnUrl: `${DEMO_TENANT.allowedOrigins[0]}/idees.html`,
      createdAt: now - (DEMO_PROPOSALS.length - i) * DAY,
    });
    await store.moderation.register({ tenantId: DEMO_TENANT.id, kind: 'proposal', targetId: p.id, authorId: null, state: 'published', now });
    if ('answer' in p && p.answer) {
      await store.proposals.saveDraft(p.id, { ...p.answer, by: null, updatedAt: now });
      await store.proposals.publishAnswers([{ proposalId: p.id, mails: [], subscriptions: [] }], now);
    }
  }
}
