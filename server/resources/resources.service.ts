import { randomBytes } from 'node:crypto';
import type { Account } from '../accounts/accounts.store.ts';
import { DAY, type Clock } from '../clock.ts';
import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import { assertCanParticipate } from '../consultations/consultations.service.ts';
import { DomainError, ErrorCode, fail, type ErrorStatuses } from '../errors.ts';
import type { ModerationService } from '../moderation/moderation.service.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import {
  RESOURCE_POST_KIND,
  type BusinessProfile,
  type ResourceDirection,
  type ResourceFilter,
  type ResourceKind,
  type ResourcePost,
  type ResourceStore,
} from './resources.store.ts';
import { isValidSiret, normalizeSiret } from './siret.ts';

/** A resource board's settings (`ResourcesSettings`): where posts may be, and how they are published. */
export interface ResourcesSettings {
  /** Communes or quartiers a post's place is chosen from. */
  places: { id: string; label: { fr: string; en?: string } }[];
  /** Published after a moderator's review (true) or at once (false). */
  premoderation: boolean;
  /** Days a post stays up before its author renews it. */
  expiryDays: number;
}

export const ResourceErrorCode = {
  profileRequired: 'business_profile_required',
  postNotFound: 'resource_not_found',
  notAuthor: 'resource_not_yours',
  closed: 'resource_closed',
} as const;

export const resourceErrorStatuses: ErrorStatuses = {
  [ResourceErrorCode.profileRequired]: 409,
  [ResourceErrorCode.postNotFound]: 404,
  [ResourceErrorCode.notAuthor]: 403,
  [ResourceErrorCode.closed]: 409,
};

export interface PostInput {
  direction: ResourceDirection;
  kind: ResourceKind;
  title: string;
  description: string;
  quantity?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  place: string;
  paid: boolean;
}

export type PostPatch = Partial<PostInput> & { renew?: boolean };

const newId = () => randomBytes(12).toString('base64url');
const notFound = () => new DomainError(ResourceErrorCode.postNotFound, 'No such post on this board');

/**
 * The resource board's rules: a business profile (checked SIRET) before posting, a verified email, posts that
 * expire and are renewed or closed by their author, moderation through the shared module (published at once or
 * after review, as the board's settings say), and the board showing only published posts.
 */
export class ResourceService {
  constructor(
    private readonly store: ResourceStore,
    private readonly consultations: ConsultationCache,
    private readonly moderation: ModerationService,
    private readonly clock: Clock,
  ) {}

  async profile(account: Account): Promise<BusinessProfile | null> {
    return (await this.store.getProfile(account.id)) ?? null;
  }

  async saveProfile(account: Account, input: { tradeName: string; siret: string; sector: string; commune: string }): Promise<BusinessProfile> {
    if (!isValidSiret(input.siret)) throw fail.validation('siret', 'Ce numéro SIRET n’est pas valide (14 chiffres, clé de contrôle) / This SIRET is not valid');
    const now = this.clock.now();
    const existing = await this.store.getProfile(account.id);
    const profile: BusinessProfile = {
      accountId: account.id,
      ...input,
      siret: normalizeSiret(input.siret),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await this.store.saveProfile(profile);
    return profile;
  }

  async post(tenant: Tenant, slug: string, account: Account, input: PostInput): Promise<ResourcePost> {
    const { consultation, settings } = await this.consultations.load<ResourcesSettings>(tenant, slug, ['resources']);
    const now = this.clock.now();
    assertCanParticipate(consultation, account, now);
    if (!account.emailVerifiedAt) throw new DomainError(ErrorCode.verifiedEmailRequired, 'Confirm your email address before posting on the board');
    if (!(await this.store.getProfile(account.id)))
      throw new DomainError(ResourceErrorCode.profileRequired, 'Describe your business (name, SIRET) before posting');
    checkPlace(settings, input.place);
    checkPeriod(input);
    const post: Omit<ResourcePost, 'seq'> = {
      id: newId(),
      consultationId: consultation.id,
      accountId: account.id,
      direction: input.direction,
      kind: input.kind,
      title: input.title,
      description: input.description,
      quantity: input.quantity ?? null,
      periodStart: input.periodStart ?? null,
      periodEnd: input.periodEnd ?? null,
      place: input.place,
      paid: input.paid,
      closedAt: null,
      expiresAt: now + settings.expiryDays * DAY,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insertPost(post);
    await this.moderation.register(tenant, {
      kind: RESOURCE_POST_KIND,
      targetId: post.id,
      authorId: account.id,
      state: settings.premoderation ? 'submitted' : 'published',
    });
    return (await this.store.getPost(tenant.id, consultation.id, post.id))!;
  }

  async list(tenant: Tenant, slug: string, filter: Omit<ResourceFilter, 'consultationId' | 'tenantId' | 'now'>): Promise<ResourcePost[]> {
    const { consultation } = await this.consultations.load(tenant, slug, ['resources']);
    return this.store.listPublished({ ...filter, consultationId: consultation.id, tenantId: tenant.id, now: this.clock.now() });
  }

  /** A published post, or the author's own in any state. */
  async get(tenant: Tenant, slug: string, id: string, account: Account | undefined): Promise<ResourcePost> {
    const { consultation } = await this.consultations.load(tenant, slug, ['resources']);
    const post = await this.store.getPost(tenant.id, consultation.id, id);
    if (!post || (post.moderation !== 'published' && post.accountId !== account?.id)) throw notFound();
    return post;
  }

  /** A post in any state, for staff. */
  async getAny(tenant: Tenant, slug: string, id: string): Promise<ResourcePost> {
    const { consultation } = await this.consultations.load(tenant, slug, ['resources']);
    const post = await this.store.getPost(tenant.id, consultation.id, id);
    if (!post) throw notFound();
    return post;
  }

  /** The author changes, renews (`renew`: another full period from now) or reopens nothing: a closed post stays closed. */
  async update(tenant: Tenant, slug: string, id: string, account: Account, patch: PostPatch): Promise<ResourcePost> {
    const { consultation, settings } = await this.consultations.load<ResourcesSettings>(tenant, slug, ['resources']);
    const post = await this.#own(tenant, consultation.id, id, account);
    if (post.closedAt !== null) throw new DomainError(ResourceErrorCode.closed, 'This post is closed');
    const { renew, ...fields } = patch;
    // A board that closed takes nothing new, renewals included.
    if (renew) assertCanParticipate(consultation, account, this.clock.now());
    const next: ResourcePost = { ...post, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), updatedAt: this.clock.now() };
    if (fields.place !== undefined) checkPlace(settings, next.place);
    checkPeriod(next);
    if (renew) next.expiresAt = this.clock.now() + settings.expiryDays * DAY;
    await this.store.updatePost(next);
    return (await this.store.getPost(tenant.id, consultation.id, id))!;
  }

  async close(tenant: Tenant, slug: string, id: string, account: Account): Promise<ResourcePost> {
    const { consultation } = await this.consultations.load(tenant, slug, ['resources']);
    const post = await this.#own(tenant, consultation.id, id, account);
    if (post.closedAt === null) await this.store.updatePost({ ...post, closedAt: this.clock.now(), updatedAt: this.clock.now() });
    return (await this.store.getPost(tenant.id, consultation.id, id))!;
  }

  async #own(tenant: Tenant, consultationId: string, id: string, account: Account): Promise<ResourcePost> {
    const post = await this.store.getPost(tenant.id, consultationId, id);
    if (!post) throw notFound();
    if (post.accountId !== account.id) throw new DomainError(ResourceErrorCode.notAuthor, 'Only the business that posted it may change it');
    return post;
  }
}

function checkPlace(settings: ResourcesSettings, place: string): void {
  if (!settings.places.some((p) => p.id === place))
    throw fail.validation('place', `Choose a place of this board: ${settings.places.map((p) => p.id).join(', ')}`);
}

function checkPeriod(p: { periodStart?: string | null; periodEnd?: string | null }): void {
  if (p.periodStart && p.periodEnd && p.periodEnd < p.periodStart) throw fail.validation('periodEnd', 'The period cannot end before it starts');
}
