import { randomBytes } from 'node:crypto';
import type { Account, AccountStore } from '../accounts/accounts.store.ts';
import { DAY, HOUR, type Clock } from '../clock.ts';
import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import { assertCanParticipate } from '../consultations/consultations.service.ts';
import { DomainError, ErrorCode, fail, type ErrorStatuses } from '../errors.ts';
import type { ModerationService } from '../moderation/moderation.service.ts';
import type { RateLimiter, RateLimitRule } from '../http/rate-limit.ts';
import { mayMail } from '../mail/recipients.ts';
import type { OutboxMail, OutboxStore } from '../mail/outbox.store.ts';
import { mailTemplates, outboxMail, type MailText } from '../mail/templates.ts';
import { PartnerErrorCode } from '../tenants/partners.service.ts';
import type { Partner, PartnerStore } from '../tenants/partners.store.ts';
import { hostLink, linkBack } from '../tenants/links.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import {
  RESOURCE_POST_KIND,
  type ResourceMessage,
  type ResourceThread,
  type BusinessProfile,
  type ResourceDirection,
  type ResourceFilter,
  type ResourceImage,
  type ResourceKind,
  type ResourcePost,
  type ResourceStore,
} from './resources.store.ts';
import { isValidSiret, normalizeSiret } from './siret.ts';
import { checkImage, UNATTACHED_IMAGE_MS } from '../images/images.ts';

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
  ownPost: 'resource_own_post',
  threadNotFound: 'resource_thread_not_found',
  imageNotFound: 'resource_image_not_found',
  imageInvalid: 'resource_image_invalid',
  imageTooLarge: 'resource_image_too_large',
  imageType: 'resource_image_type',
} as const;

/** Images a business may upload to a board: per account, as the proposals' per address. */
export const IMAGE_RULE = { max: 30, windowMs: HOUR, blockMs: HOUR } as const satisfies RateLimitRule;

/**
 * Messages a business may send through the board: per account, and per address (several accounts behind one
 * address count together). Over either, 429 with Retry-After.
 */
export const MESSAGE_RULES = {
  perAccount: { max: 10, windowMs: HOUR, blockMs: HOUR },
  perAddress: { max: 30, windowMs: HOUR, blockMs: HOUR },
} as const satisfies Record<string, RateLimitRule>;

/** Threads outlive their post's end (closed or expired) by this long, then the retention job erases them. */
export const THREAD_RETENTION = 90 * DAY;

/** A thread as one of its two parties reads it. */
export interface ThreadView {
  thread: ResourceThread;
  role: 'asker' | 'owner';
  counterpart: { tradeName: string | null; email: string | null };
  messages: (ResourceMessage & { fromMe: boolean })[];
}

export const resourceErrorStatuses: ErrorStatuses = {
  [ResourceErrorCode.profileRequired]: 409,
  [ResourceErrorCode.postNotFound]: 404,
  [ResourceErrorCode.notAuthor]: 403,
  [ResourceErrorCode.closed]: 409,
  [ResourceErrorCode.ownPost]: 409,
  [ResourceErrorCode.threadNotFound]: 404,
  [ResourceErrorCode.imageNotFound]: 404,
  [ResourceErrorCode.imageInvalid]: 422,
  [ResourceErrorCode.imageTooLarge]: 413,
  [ResourceErrorCode.imageType]: 415,
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
  /** An image the author uploaded to this board and no other post uses; null: none (on update: remove it). */
  imageId?: string | null;
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
    private readonly accounts: AccountStore,
    private readonly limiter: RateLimiter,
    /** The tenant's partners: their addresses are read here only, to relay a message. */
    private readonly partners: PartnerStore,
    private readonly outbox: OutboxStore,
    /** Wakes the outbox worker once a relayed mail is written. */
    private readonly mailQueued: () => void = () => {},
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
    if (input.imageId) await this.#assertImageFree(tenant, consultation.id, account, input.imageId, null);
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
      imageId: input.imageId ?? null,
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
    if (fields.imageId) await this.#assertImageFree(tenant, consultation.id, account, fields.imageId, post.id);
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

  /**
   * A business writes to a post's author through the board: a new thread (or the one it already has about this
   * post) and a message relayed by mail, without either address unless the writer shares theirs.
   */
  async contact(
    tenant: Tenant,
    slug: string,
    id: string,
    account: Account,
    input: { message: string; shareEmail?: boolean; returnUrl: string },
    ip: string,
  ): Promise<ThreadView> {
    const consultation = await this.#boardToWriteOn(tenant, slug, account);
    const now = this.clock.now();
    const post = await this.store.getPost(tenant.id, consultation.id, id);
    if (!post || post.moderation !== 'published') throw notFound();
    if (post.accountId === account.id) throw new DomainError(ResourceErrorCode.ownPost, 'This is your own post');
    if (post.closedAt !== null || post.expiresAt <= now) throw new DomainError(ResourceErrorCode.closed, 'This post is closed');
    linkBack(tenant, input.returnUrl);
    const existing = await this.store.threadFor(post.id, account.id);
    const thread = existing ?? {
      id: newId(),
      postId: post.id,
      askerId: account.id,
      ownerId: post.accountId,
      returnUrl: input.returnUrl,
      createdAt: now,
      updatedAt: now,
      postTitle: post.title,
      consultationId: consultation.id,
    };
    await this.#send(tenant, { ...thread, updatedAt: now }, account, false, input, ip);
    return this.#view(thread.id, account);
  }

  /**
   * A business asks one of the tenant's partners for help: its message relayed to the partner's address (tenant
   * configuration, never shown), with the business's address only when it chooses `shareEmail`. Nothing is kept
   * but the outbox's envelope: the mail's text goes once delivered, and the partner answers by mail or not at all.
   */
  async contactPartner(
    tenant: Tenant,
    slug: string,
    partnerId: string,
    account: Account,
    input: { message: string; shareEmail?: boolean; returnUrl: string },
    ip: string,
  ): Promise<void> {
    await this.#boardToWriteOn(tenant, slug, account);
    const partner = await this.partners.get(tenant.id, partnerId);
    if (!partner) throw new DomainError(PartnerErrorCode.notFound, 'No such partner on this board');
    linkBack(tenant, input.returnUrl);
    const profile = (await this.store.getProfile(account.id))!;
    const text = mailTemplates.partnerMessage('fr', {
      tenantName: tenant.name,
      partnerName: partner.name,
      from: profile.tradeName,
      sector: profile.sector,
      commune: profile.commune,
      message: input.message,
      link: input.returnUrl,
      sharedEmail: input.shareEmail ? account.email : null,
    });
    await this.#relay(account, ip, { email: partner.email, accountId: null }, text, async (mail) => this.outbox.enqueue(mail!));
  }

  /** Partners the board lists: the tenant's (none of their addresses leaves this service's callers' hands). */
  async partnersOf(tenant: Tenant, slug: string): Promise<Partner[]> {
    await this.consultations.load(tenant, slug, ['resources']);
    return this.partners.list(tenant.id);
  }

  /** One party answers in a thread; the other gets it by mail, relayed the same way. */
  async reply(tenant: Tenant, threadId: string, account: Account, input: { message: string; shareEmail?: boolean }, ip: string): Promise<ThreadView> {
    const thread = await this.store.getThread(threadId);
    if (!thread || (thread.askerId !== account.id && thread.ownerId !== account.id))
      throw new DomainError(ResourceErrorCode.threadNotFound, 'No such conversation');
    await this.#send(tenant, { ...thread, updatedAt: this.clock.now() }, account, thread.ownerId === account.id, input, ip);
    return this.#view(thread.id, account);
  }

  /**
   * An image for a post to come (or to change a post's): a business on an open board, the shared image rules
   * (JPEG, PNG or WebP, ≤ 1 MB, magic bytes, ≤ 4096×4096), 30 an hour per account. Never attached within 24 hours,
   * the retention job erases it (`eraseUnattachedImages`).
   */
  async uploadImage(tenant: Tenant, slug: string, account: Account, upload: { declaredType: string; bytes: Buffer }): Promise<string> {
    const consultation = await this.#boardToWriteOn(tenant, slug, account);
    const info = checkImage(upload.declaredType, upload.bytes, {
      type: ResourceErrorCode.imageType,
      tooLarge: ResourceErrorCode.imageTooLarge,
      invalid: ResourceErrorCode.imageInvalid,
    });
    await this.limiter.assertAllowed('resource-image:account', account.id);
    const id = randomBytes(16).toString('base64url');
    await this.store.insertImage({
      id,
      consultationId: consultation.id,
      accountId: account.id,
      contentType: info.type,
      width: info.width,
      height: info.height,
      bytes: upload.bytes,
      createdAt: this.clock.now(),
    });
    await this.limiter.hit('resource-image:account', account.id, IMAGE_RULE);
    return id;
  }

  /** A published post's image is public; the author sees theirs in any state, and an unattached one is its uploader's only. */
  async image(tenant: Tenant, imageId: string, account: Account | undefined): Promise<{ image: ResourceImage; isPublic: boolean }> {
    const image = await this.store.getImage(imageId, tenant.id);
    const isPublic = image?.attachedTo?.moderation === 'published';
    if (!image || (!isPublic && image.accountId !== account?.id)) throw new DomainError(ResourceErrorCode.imageNotFound, 'No such image');
    return { image, isPublic };
  }

  /** Retention: images no post took within 24 hours (or that a post let go of). */
  eraseUnattachedImages(): Promise<number> {
    return this.store.deleteUnattachedImages(this.clock.now() - UNATTACHED_IMAGE_MS);
  }

  /** The account's conversations, as asker or as author of the post. */
  async threads(account: Account): Promise<ThreadView[]> {
    return Promise.all((await this.store.threadsOf(account.id)).map((t) => this.#view(t.id, account)));
  }

  /** Retention: threads 90 days past their post's end go, messages with them. */
  async eraseExpiredThreads(): Promise<number> {
    return this.store.eraseThreadsEndedBefore(this.clock.now() - THREAD_RETENTION);
  }

  /** The image is the account's, uploaded to this board, and no other post than `postId` uses it. */
  async #assertImageFree(tenant: Tenant, consultationId: string, account: Account, imageId: string, postId: string | null): Promise<void> {
    const image = await this.store.getImage(imageId, tenant.id);
    const free =
      image && image.consultationId === consultationId && image.accountId === account.id && (image.attachedTo === null || image.attachedTo.postId === postId);
    if (!free) {
      throw new DomainError(ResourceErrorCode.imageNotFound, 'Upload the image again', {
        issues: [{ path: 'imageId', message: 'Unknown or already used image' }],
      });
    }
  }

  /** A board the account may write on: open, a confirmed email, a business profile. */
  async #boardToWriteOn(tenant: Tenant, slug: string, account: Account) {
    const { consultation } = await this.consultations.load(tenant, slug, ['resources']);
    assertCanParticipate(consultation, account, this.clock.now());
    if (!account.emailVerifiedAt) throw new DomainError(ErrorCode.verifiedEmailRequired, 'Confirm your email address before writing through the board');
    if (!(await this.store.getProfile(account.id)))
      throw new DomainError(ResourceErrorCode.profileRequired, 'Describe your business (name, SIRET) before writing');
    return consultation;
  }

  async #assertMayWrite(account: Account, ip: string): Promise<void> {
    await this.limiter.assertAllowed('resource-message:account', account.id);
    await this.limiter.assertAllowed('resource-message:ip', ip);
  }

  async #hit(account: Account, ip: string): Promise<void> {
    await this.limiter.hit('resource-message:account', account.id, MESSAGE_RULES.perAccount);
    await this.limiter.hit('resource-message:ip', ip, MESSAGE_RULES.perAddress);
  }

  /**
   * The one way a message leaves the board for a mailbox (a post's author, a business in a thread, a partner):
   * the sender's limits checked (per account and per address, owner and partner messages counted together), the
   * relayed mail written with what the caller keeps of it (`write`, one transaction), its text erased from the
   * outbox once delivered, the message counted, and the outbox worker woken. No `Reply-To`: an address reaches
   * the other party only in the text, when its owner chose to share it.
   */
  async #relay(
    sender: Account,
    ip: string,
    to: { email: string; accountId: string | null } | null,
    text: MailText,
    write: (mail: OutboxMail | null) => Promise<void>,
  ): Promise<void> {
    await this.#assertMayWrite(sender, ip);
    const mail = to && outboxMail({ to: to.email, accountId: to.accountId, createdAt: this.clock.now(), html: true, eraseWhenSent: true, ...text });
    await write(mail);
    await this.#hit(sender, ip);
    if (mail) this.mailQueued();
  }

  /** Stores the message and, in the same transaction, the mail relaying it to the other party (when they may be mailed). */
  async #send(
    tenant: Tenant,
    thread: ResourceThread,
    sender: Account,
    fromOwner: boolean,
    input: { message: string; shareEmail?: boolean },
    ip: string,
  ): Promise<void> {
    const now = this.clock.now();
    const recipient = await this.accounts.get(fromOwner ? thread.askerId : thread.ownerId);
    const senderProfile = await this.store.getProfile(sender.id);
    const sharedEmail = input.shareEmail ? sender.email : null;
    const locale = recipient?.locale ?? 'fr';
    const text = mailTemplates.resourceMessage(locale, {
      tenantName: tenant.name,
      from: senderProfile?.tradeName ?? (locale === 'en' ? 'A business' : 'Une entreprise'),
      title: thread.postTitle,
      message: input.message,
      link: hostLink(tenant, thread.returnUrl, 'civique-thread', thread.id),
      sharedEmail,
    });
    const to = recipient && mayMail(recipient, 'resourceMessage') ? { email: recipient.email, accountId: recipient.id } : null;
    await this.#relay(sender, ip, to, text, (mail) =>
      this.store.addMessage(thread, { threadId: thread.id, fromOwner, body: input.message, sharedEmail, createdAt: now }, mail),
    );
  }

  async #view(threadId: string, account: Account): Promise<ThreadView> {
    const thread = (await this.store.getThread(threadId))!;
    const role = thread.ownerId === account.id ? 'owner' : 'asker';
    const counterpartId = role === 'owner' ? thread.askerId : thread.ownerId;
    const messages = (await this.store.messages(threadId)).map((m) => ({ ...m, fromMe: m.fromOwner === (role === 'owner') }));
    const theirs = messages.filter((m) => !m.fromMe && m.sharedEmail !== null).at(-1);
    return {
      thread,
      role,
      counterpart: { tradeName: (await this.store.getProfile(counterpartId))?.tradeName ?? null, email: theirs?.sharedEmail ?? null },
      messages,
    };
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
