import { createHash, randomBytes } from 'node:crypto';
import type { Account, AccountStore } from '../accounts/accounts.store.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { HOUR, type Clock } from '../clock.ts';
import type { RateLimiter, RateLimitRule } from '../http/rate-limit.ts';
import { assertCanParticipate, consultationStatus, type ConsultationService } from '../consultations/consultations.service.ts';
import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import type { Consultation, StuffingPolicy } from '../consultations/consultations.store.ts';
import { DomainError, fail } from '../errors.ts';
import type { OutboxMail } from '../mail/outbox.store.ts';
import { mayMail } from '../mail/recipients.ts';
import { mailTemplates, outboxMail, type Locale } from '../mail/templates.ts';
import type { FlagReason, ModerationState } from '../moderation/moderation.ts';
import type { ModerationService } from '../moderation/moderation.service.ts';
import { participantOf, requireParticipant, type Participant } from '../participation/participant.ts';
import { participantKind, type QuarantineItem, type QuarantineSource } from '../participation/quarantine.service.ts';
import type { ParticipationService, RecordBase } from '../participation/participation.service.ts';
import type { StaffActor } from '../staff/roles.ts';
import { hostLink, linkBack } from '../tenants/links.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import type { BudgetSettings } from '../votes/votes.schemas.ts';
import { checkImage, UNATTACHED_IMAGE_MS } from '../images/images.ts';
import { PROPOSAL_KIND, ProposalErrorCode, type AnswerStatus, type ProposalSort } from './proposals.ts';
import type { ProposalsSettings } from './proposals.schemas.ts';
import type { AnswerPublication, ListFilter, Proposal, ProposalImage, ProposalStore, Support } from './proposals.store.ts';

const KINDS = ['proposals'] as const;

/** Per address and hour; past the maximum the address waits an hour (429 with Retry-After). */
const WRITE_LIMITS = {
  'proposal-image:ip': { max: 30, windowMs: HOUR, blockMs: HOUR },
  'proposal-submit:ip': { max: 20, windowMs: HOUR, blockMs: HOUR },
} as const satisfies Record<string, RateLimitRule>;

/** The fragments of the host page the widgets read. */
export const PROPOSAL_FRAGMENTS = {
  proposal: 'civique-proposal',
  confirm: 'civique-proposal-confirm',
  subscription: 'civique-proposal-subscription',
} as const;

const supportItem = (s: Support & { proposalTitle: string }): QuarantineItem => ({
  id: String(s.id),
  kind: 'proposalSupport',
  participant: participantKind(s),
  reasons: s.reasons,
  proposal: { id: s.proposalId, title: s.proposalTitle },
  castAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** Who is asking: an account, else the anonymous participant id's hash, else nobody known. */
export interface Viewer {
  account: Account | undefined;
  anonymousId: string | undefined;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest();
const newToken = () => randomBytes(32).toString('base64url');
const newId = (bytes: number) => randomBytes(bytes).toString('base64url');

const notFound = (id: string) => new DomainError(ProposalErrorCode.notFound, `No proposal ${id} here`);

/** Whether the viewer wrote the proposal (their account, or the anonymous id they sent). */
function isAuthor(proposal: Proposal, participant: Participant | undefined): boolean {
  if (!participant) return false;
  if (participant.accountId !== null) return proposal.accountId === participant.accountId;
  return proposal.participantHash !== null && proposal.participantHash.equals(participant.participantHash);
}

/** The moderation state citizens see: withdrawn by the author, else the shared moderation's. */
export const moderationOf = (p: Proposal): ModerationState | 'withdrawn' => (p.withdrawnAt !== null ? 'withdrawn' : (p.moderation ?? 'submitted'));

const isPublic = (p: Proposal) => moderationOf(p) === 'published';

/**
 * A project id from a proposal's title: lower case, accents dropped, words joined by dashes, unique among `taken`.
 *
 * @example
 * projectIdFrom('Rénover la halle du marché', new Set(['renover-la-halle-du-marche'])); // 'renover-la-halle-du-marche-2'
 */
export function projectIdFrom(title: string, taken: ReadonlySet<string>): string {
  const base =
    title
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'projet';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** A support of the proposal `proposalId`, from the core's common fields. */
function buildSupport(base: RecordBase<Support>, proposalId: string): Support {
  return {
    id: base.id,
    consultationId: base.consultationId,
    proposalId,
    accountId: base.accountId,
    participantHash: base.participantHash,
    status: base.status,
    reasons: base.reasons,
    createdAt: base.existing?.createdAt ?? base.now,
    updatedAt: base.now,
    reviewedAt: base.reviewedAt,
  };
}

/**
 * Proposals ("boîte à idées"): citizens submit ideas (with an image, an address to be told of the answer),
 * support them, flag them; moderators publish or reject them through the shared moderation; answerers draft
 * official answers and publish them in bulk, each with its mails in the same transaction.
 */
export class ProposalService {
  constructor(
    private readonly store: ProposalStore,
    private readonly consultations: ConsultationCache,
    private readonly consultationAdmin: ConsultationService,
    private readonly participations: ParticipationService,
    private readonly moderation: ModerationService,
    private readonly accounts: AccountStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly mailQueued: () => void = () => {},
    private readonly limiter?: RateLimiter,
  ) {}

  /**
   * Writes anyone may make, bounded per address so that one machine cannot fill the database or the moderators'
   * queue: images (up to 1 MB each) and proposals, each counted per hour.
   */
  async #throttle(scope: keyof typeof WRITE_LIMITS, ip: string): Promise<void> {
    if (!this.limiter) return;
    await this.limiter.assertAllowed(scope, ip);
    await this.limiter.hit(scope, ip, WRITE_LIMITS[scope]);
  }

  load(tenant: Tenant, slug: string) {
    return this.consultations.load<ProposalsSettings>(tenant, slug, KINDS);
  }

  // ---- Images ----

  /**
   * An image for a proposal to come: its bytes must be what they claim (magic bytes), at most 1 MB and
   * 4096×4096. Images never attached within 24 hours are erased (`eraseUnattachedImages`).
   */
  async uploadImage(input: { tenant: Tenant; slug: string; viewer: Viewer; declaredType: string; bytes: Buffer; ip: string }): Promise<string> {
    const { consultation } = await this.load(input.tenant, input.slug);
    assertCanParticipate(consultation, input.viewer.account, this.clock.now());
    const participant = requireParticipant(input.viewer.account, input.viewer.anonymousId);
    const info = checkImage(input.declaredType, input.bytes, {
      type: ProposalErrorCode.imageType,
      tooLarge: ProposalErrorCode.imageTooLarge,
      invalid: ProposalErrorCode.imageInvalid,
    });
    await this.#throttle('proposal-image:ip', input.ip);
    const id = newId(16);
    await this.store.insertImage({
      id,
      consultationId: consultation.id,
      accountId: participant.accountId,
      participantHash: participant.participantHash,
      contentType: info.type,
      width: info.width,
      height: info.height,
      bytes: input.bytes,
      createdAt: this.clock.now(),
    });
    return id;
  }

  /** Images of published proposals are public; an unattached one only to its uploader. */
  async image(tenant: Tenant, imageId: string, viewer: Viewer): Promise<ProposalImage> {
    const image = await this.store.getImage(imageId, tenant.id);
    const missing = () => new DomainError(ProposalErrorCode.imageNotFound, 'No such image');
    if (!image) throw missing();
    if (image.attachedTo) {
      if (image.attachedTo.moderation !== 'published' || image.attachedTo.withdrawn) throw missing();
      return image;
    }
    const participant = participantOf(viewer.account, viewer.anonymousId);
    const mine =
      participant &&
      (participant.accountId !== null ? image.accountId === participant.accountId : image.participantHash?.equals(participant.participantHash) === true);
    if (!mine) throw missing();
    return image;
  }

  eraseUnattachedImages(): Promise<number> {
    return this.store.deleteUnattachedImages(this.clock.now() - UNATTACHED_IMAGE_MS);
  }

  // ---- Proposals ----

  async submit(input: {
    tenant: Tenant;
    slug: string;
    viewer: Viewer;
    title: string;
    text: string;
    category?: string;
    quartier?: string;
    imageId?: string;
    contactConsent: boolean;
    email?: string;
    locale: Locale;
    returnUrl: string;
    honeypot: boolean;
    ip: string;
  }): Promise<{ proposal: Proposal; emailConfirmation: 'pending' | 'none' }> {
    const { consultation, settings } = await this.load(input.tenant, input.slug);
    const now = this.clock.now();
    assertCanParticipate(consultation, input.viewer.account, now);
    const participant = requireParticipant(input.viewer.account, input.viewer.anonymousId);
    const issues = [];
    if ([...input.title].length > settings.titleMax) issues.push({ path: 'title', message: `At most ${settings.titleMax} characters`, code: 'too_long' });
    if ([...input.text].length > settings.bodyMax) issues.push({ path: 'text', message: `At most ${settings.bodyMax} characters`, code: 'too_long' });
    if (issues.length) throw new DomainError(ProposalErrorCode.tooLong, issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    if (input.category !== undefined && !settings.categories.some((c) => c.id === input.category)) {
      throw new DomainError(ProposalErrorCode.unknownCategory, `Unknown category "${input.category}"`, {
        issues: [{ path: 'category', message: 'Unknown category' }],
      });
    }
    if (input.quartier !== undefined && !settings.quartiers.some((q) => q.id === input.quartier)) {
      throw new DomainError(ProposalErrorCode.unknownQuartier, `Unknown quartier "${input.quartier}"`, {
        issues: [{ path: 'quartier', message: 'Unknown quartier' }],
      });
    }
    if (input.email !== undefined && participant.accountId !== null) {
      throw new DomainError(ProposalErrorCode.emailNotAllowed, 'Signed in, you are told of the answer at your account’s address', {
        issues: [{ path: 'email', message: 'Only for authors without an account' }],
      });
    }
    const returnUrl = linkBack(input.tenant, input.returnUrl).href;
    if (input.imageId !== undefined) {
      const image = await this.store.getImage(input.imageId, input.tenant.id);
      const mine =
        image &&
        image.consultationId === consultation.id &&
        image.attachedTo === null &&
        (participant.accountId !== null ? image.accountId === participant.accountId : image.participantHash?.equals(participant.participantHash) === true);
      if (!mine)
        throw new DomainError(ProposalErrorCode.imageNotFound, 'Upload the image again', {
          issues: [{ path: 'imageId', message: 'Unknown or already used image' }],
        });
    }
    // Counted once the proposal is acceptable: a citizen correcting a refused one is not held back.
    await this.#throttle('proposal-submit:ip', input.ip);
    const id = newId(9);
    let subscription;
    if (input.email !== undefined) {
      const token = newToken();
      const text = mailTemplates.proposalEmailConfirm(input.locale, {
        tenantName: input.tenant.name,
        title: input.title,
        link: hostLink(input.tenant, returnUrl, PROPOSAL_FRAGMENTS.confirm, token),
      });
      subscription = {
        email: input.email,
        locale: input.locale,
        tokenHash: hashToken(token),
        createdAt: now,
        mail: outboxMail({ to: input.email, accountId: null, createdAt: now, html: true, ...text }),
      };
    }
    await this.store.insert(
      {
        id,
        consultationId: consultation.id,
        accountId: participant.accountId,
        participantHash: participant.participantHash,
        title: input.title,
        text: input.text,
        category: input.category ?? null,
        quartier: input.quartier ?? null,
        imageId: input.imageId ?? null,
        contactConsent: input.contactConsent,
        returnUrl,
        createdAt: now,
      },
      subscription,
    );
    // A filled honeypot waits for a moderator whatever the consultation says; it never errs (a bot learns nothing).
    const state: ModerationState = settings.premoderation || input.honeypot ? 'submitted' : 'published';
    await this.moderation.register(input.tenant, { kind: PROPOSAL_KIND, targetId: id, authorId: participant.accountId, state });
    if (subscription) this.mailQueued();
    return { proposal: (await this.store.get(input.tenant.id, consultation.id, id))!, emailConfirmation: subscription ? 'pending' : 'none' };
  }

  /** Published proposals, a keyset page at a time. */
  async list(
    tenant: Tenant,
    slug: string,
    query: { category?: string; quartier?: string; answer?: AnswerStatus; sort: ProposalSort; q?: string; cursor?: string; limit: number },
  ): Promise<{ items: Proposal[]; nextCursor: string | null }> {
    const { consultation } = await this.load(tenant, slug);
    return this.#page(tenant, consultation, { ...query, publishedOnly: true });
  }

  /** Every proposal of the consultation, in every state (moderators and answerers). */
  async listForStaff(
    tenant: Tenant,
    slug: string,
    query: { moderation?: ModerationState | 'withdrawn'; answer?: AnswerStatus; cursor?: string; limit: number },
  ) {
    const { consultation } = await this.load(tenant, slug);
    const page = await this.#page(tenant, consultation, { ...query, sort: 'newest', publishedOnly: false });
    const items = await Promise.all(page.items.map(async (p) => ({ proposal: p, ...(await this.authorNotice(p)) })));
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * How the author of a proposal learns of its answer, as staff see it: by which address (`notification`), and
   * whether the mails of the last published answer were delivered (`answerMail`, null when none was queued).
   */
  async authorNotice(p: Proposal) {
    return { notification: await this.#notification(p), answerMail: await this.store.answerMailStatus(p.id) };
  }

  async #notification(p: Proposal): Promise<'account' | 'email_confirmed' | 'email_pending' | 'none'> {
    if (p.accountId !== null) return 'account';
    const subs = await this.store.subscriptionsOf(p.id);
    if (subs.some((s) => s.confirmedAt !== null)) return 'email_confirmed';
    return subs.length > 0 ? 'email_pending' : 'none';
  }

  async #page(tenant: Tenant, consultation: Consultation, query: Omit<ListFilter, 'after'> & { cursor?: string }) {
    const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
    const items = await this.store.list(tenant.id, consultation.id, { ...query, after, limit: query.limit + 1 });
    const more = items.length > query.limit;
    const page = more ? items.slice(0, query.limit) : items;
    const last = page.at(-1);
    return { items: page, nextCursor: more && last ? makeCursor(this.store.sortKey(last, query.sort), last.seq) : null };
  }

  /** A published proposal; its author also sees it while submitted, rejected or withdrawn. */
  async get(tenant: Tenant, slug: string, id: string, viewer: Viewer): Promise<Proposal> {
    const { consultation } = await this.load(tenant, slug);
    const proposal = await this.store.get(tenant.id, consultation.id, id);
    if (!proposal) throw notFound(id);
    if (!isPublic(proposal) && !isAuthor(proposal, participantOf(viewer.account, viewer.anonymousId))) throw notFound(id);
    return proposal;
  }

  /** Any proposal of the consultation, for staff. */
  async getForStaff(tenant: Tenant, slug: string, id: string): Promise<Proposal> {
    const { consultation } = await this.load(tenant, slug);
    const proposal = await this.store.get(tenant.id, consultation.id, id);
    if (!proposal) throw notFound(id);
    return proposal;
  }

  async withdraw(tenant: Tenant, slug: string, id: string, viewer: Viewer): Promise<Proposal> {
    const proposal = await this.get(tenant, slug, id, viewer);
    if (!isAuthor(proposal, participantOf(viewer.account, viewer.anonymousId))) {
      throw new DomainError(ProposalErrorCode.notAuthor, 'Only its author may withdraw a proposal');
    }
    if (!(await this.store.withdraw(id, this.clock.now()))) throw new DomainError(ProposalErrorCode.alreadyWithdrawn, 'This proposal is already withdrawn');
    return (await this.store.get(tenant.id, proposal.consultationId, id))!;
  }

  /** The viewer wrote it. */
  isByViewer(proposal: Proposal, viewer: Viewer): boolean {
    return isAuthor(proposal, participantOf(viewer.account, viewer.anonymousId));
  }

  // ---- Supports ----

  /**
   * Supports held back by the caps (counted per proposal), for the staff's quarantine review. Their "results"
   * are the support counts of the proposals they concern.
   */
  readonly quarantine: QuarantineSource = {
    consultationKinds: KINDS,
    traceKind: this.store.supportRows('').kind,
    list: async (consultationId, afterId, limit) => (await this.store.listQuarantinedSupports(consultationId, afterId, limit)).map(supportItem),
    quarantinedCount: (consultationId) => this.store.quarantinedSupportCount(consultationId),
    review: async (consultationId, id, decision) => {
      const support = await this.store.supportById(consultationId, id);
      if (!support) throw new DomainError(ProposalErrorCode.supportNotFound, `No support ${id} in this consultation`);
      return this.participations.review(this.store.supportRows(support.proposalId), consultationId, id, decision, {
        notFound: () => new DomainError(ProposalErrorCode.supportNotFound, `No support ${id} in this consultation`),
        notQuarantined: (s) => new DomainError(ProposalErrorCode.supportNotQuarantined, `Support ${id} is not in quarantine (it is ${s.status})`),
      });
    },
    preview: async (tenant, slug, ids, decision) => {
      const { consultation } = await this.load(tenant, slug);
      const held = (await Promise.all(ids.map((id) => this.store.supportById(consultation.id, id)))).filter((s) => s?.status === 'quarantined') as Support[];
      const proposals = await Promise.all([...new Set(held.map((s) => s.proposalId))].map((id) => this.store.get(tenant.id, consultation.id, id)));
      const before = proposals.flatMap((p) => (p ? [{ id: p.id, title: p.title, supportCount: p.supportCount }] : []));
      const added = (id: string) => (decision === 'accept' ? held.filter((s) => s.proposalId === id).length : 0);
      const after = before.map((p) => ({ ...p, supportCount: p.supportCount + added(p.id) }));
      const total = (list: typeof before) => list.reduce((sum, p) => sum + p.supportCount, 0);
      return { before: { supports: total(before), proposals: before }, after: { supports: total(after), proposals: after } };
    },
  };

  /**
   * A support is a participation of the core: one per participant and proposal, its anti-stuffing caps counted
   * per proposal (`capScope`), held back (quarantined, not counted) over the caps or with a filled honeypot.
   */
  async support(input: { tenant: Tenant; slug: string; id: string; viewer: Viewer; ip: string; honeypot: boolean }) {
    const { consultation, settings } = await this.load(input.tenant, input.slug);
    const now = this.clock.now();
    assertCanParticipate(consultation, input.viewer.account, now);
    const participant = requireParticipant(input.viewer.account, input.viewer.anonymousId);
    const proposal = await this.#published(input.tenant, consultation, input.id);
    const policy: StuffingPolicy =
      settings.supportCap === undefined
        ? consultation.stuffingPolicy
        : { ...consultation.stuffingPolicy, perIp: { max: settings.supportCap, windowMinutes: 24 * 60 } };
    const { record } = await this.participations.submit({
      rows: this.store.supportRows(proposal.id),
      consultationId: consultation.id,
      capScope: `${consultation.id}/${proposal.id}`,
      participant,
      policy,
      ip: input.ip,
      quarantine: input.honeypot ? ['honeypot'] : undefined,
      content: proposal.id,
      build: buildSupport,
    });
    const after = (await this.store.get(input.tenant.id, consultation.id, proposal.id))!;
    return { supportCount: after.supportCount, supported: true, status: record.status === 'accepted' ? ('accepted' as const) : ('quarantined' as const) };
  }

  async withdrawSupport(input: { tenant: Tenant; slug: string; id: string; viewer: Viewer }) {
    const { consultation } = await this.load(input.tenant, input.slug);
    assertCanParticipate(consultation, input.viewer.account, this.clock.now());
    const participant = requireParticipant(input.viewer.account, input.viewer.anonymousId);
    const proposal = await this.#published(input.tenant, consultation, input.id);
    await this.participations.withdraw(
      this.store.supportRows(proposal.id),
      consultation.id,
      participant,
      () => new DomainError(ProposalErrorCode.supportNotFound, 'You do not support this proposal'),
    );
    const after = (await this.store.get(input.tenant.id, consultation.id, proposal.id))!;
    return { supportCount: after.supportCount, supported: false, status: null };
  }

  async mySupports(tenant: Tenant, slug: string, viewer: Viewer): Promise<string[]> {
    const { consultation } = await this.load(tenant, slug);
    const participant = requireParticipant(viewer.account, viewer.anonymousId);
    return this.store.supportedBy(consultation.id, participant);
  }

  async #published(tenant: Tenant, consultation: Consultation, id: string): Promise<Proposal> {
    const proposal = await this.store.get(tenant.id, consultation.id, id);
    if (!proposal || !isPublic(proposal)) throw notFound(id);
    return proposal;
  }

  // ---- Moderation ----

  async flag(tenant: Tenant, slug: string, id: string, account: Account, flag: { reason: FlagReason; text?: string }) {
    const { consultation } = await this.load(tenant, slug);
    await this.#published(tenant, consultation, id);
    return this.moderation.flag(tenant, account, PROPOSAL_KIND, id, flag);
  }

  /** Publish, reject (with the reason shown and mailed to the author), hide or restore, through the shared moderation. */
  async moderate(tenant: Tenant, slug: string, id: string, moderator: Account, decision: { state: ModerationState; statement?: string }): Promise<Proposal> {
    const proposal = await this.getForStaff(tenant, slug, id);
    if (proposal.withdrawnAt !== null) throw new DomainError(ProposalErrorCode.alreadyWithdrawn, 'Its author withdrew this proposal');
    await this.moderation.moderate(tenant, moderator, PROPOSAL_KIND, id, decision, { title: proposal.title });
    return (await this.store.get(tenant.id, proposal.consultationId, id))!;
  }

  // ---- Answers ----

  /** Saves the answer as a draft, shown to staff only until `publishAnswers`. */
  async answer(
    tenant: Tenant,
    slug: string,
    id: string,
    answerer: Account,
    draft: { status: Exclude<AnswerStatus, 'none'>; text: string; answeringBody: string },
  ) {
    const proposal = await this.getForStaff(tenant, slug, id);
    if (proposal.withdrawnAt !== null) throw new DomainError(ProposalErrorCode.alreadyWithdrawn, 'Its author withdrew this proposal');
    await this.store.saveDraft(id, { ...draft, by: answerer.id, updatedAt: this.clock.now() });
    return (await this.store.get(tenant.id, proposal.consultationId, id))!;
  }

  /**
   * Publishes the draft answers of these proposals, and queues in the same transaction the mails that tell of
   * them: to the author's account (unless `mayMail` says no) and to each confirmed anonymous address, whose
   * mail carries a fresh token for seeing, exporting or erasing it.
   */
  async publishAnswers(tenant: Tenant, slug: string, ids: string[]): Promise<{ published: string[]; mails: number }> {
    const { consultation } = await this.load(tenant, slug);
    const publications: AnswerPublication[] = [];
    for (const id of new Set(ids)) {
      const proposal = await this.store.get(tenant.id, consultation.id, id);
      if (!proposal) throw notFound(id);
      if (!proposal.draft) throw new DomainError(ProposalErrorCode.noDraftAnswer, `Proposal ${id} has no draft answer to publish`);
      publications.push(await this.#answerMails(tenant, proposal));
    }
    const published = await this.store.publishAnswers(publications, this.clock.now());
    const mails = publications.filter((p) => published.includes(p.proposalId)).reduce((n, p) => n + p.mails.length, 0);
    if (mails > 0) this.mailQueued();
    return { published, mails };
  }

  async #answerMails(tenant: Tenant, proposal: Proposal): Promise<AnswerPublication> {
    const draft = proposal.draft!;
    const now = this.clock.now();
    const link = hostLink(tenant, proposal.returnUrl, PROPOSAL_FRAGMENTS.proposal, proposal.id);
    const mail = (to: string, accountId: string | null, locale: Locale, manageLink?: string): OutboxMail =>
      outboxMail({
        to,
        accountId,
        createdAt: now,
        html: true,
        ...mailTemplates.proposalAnswered(locale, {
          tenantName: tenant.name,
          title: proposal.title,
          status: draft.status,
          answer: draft.text,
          answeringBody: draft.answeringBody,
          link,
          manageLink,
        }),
      });
    const mails: OutboxMail[] = [];
    if (proposal.accountId !== null) {
      const author = await this.accounts.get(proposal.accountId);
      if (author && mayMail(author, 'proposalAnswer')) mails.push(mail(author.email, author.id, author.locale));
    }
    const subscriptions = [];
    for (const sub of await this.store.subscriptionsOf(proposal.id)) {
      if (sub.confirmedAt === null) continue;
      const token = newToken();
      mails.push(mail(sub.email, null, sub.locale, hostLink(tenant, proposal.returnUrl, PROPOSAL_FRAGMENTS.subscription, token)));
      subscriptions.push({ id: sub.id, tokenHash: hashToken(token) });
    }
    return { proposalId: proposal.id, mails, subscriptions };
  }

  // ---- An anonymous author's address ----

  async confirmEmail(tenant: Tenant, token: string): Promise<{ proposalId: string; slug: string }> {
    const sub = await this.#subscription(tenant, token);
    await this.store.confirmSubscription(hashToken(token), this.clock.now());
    return { proposalId: sub.proposalId, slug: sub.slug };
  }

  async subscription(tenant: Tenant, token: string) {
    return this.#subscription(tenant, token);
  }

  async deleteSubscription(tenant: Tenant, token: string): Promise<void> {
    await this.#subscription(tenant, token);
    await this.store.deleteSubscription(hashToken(token));
  }

  async #subscription(tenant: Tenant, token: string) {
    const sub = await this.store.subscriptionByToken(hashToken(token));
    if (!sub || sub.tenantId !== tenant.id)
      throw new DomainError(ProposalErrorCode.subscriptionNotFound, 'This link no longer works: a newer mail has a newer link, or the address was erased');
    return sub;
  }

  // ---- Budget ----

  /**
   * Copies selected proposals, each with its author's agreement, as projects of an upcoming budget consultation:
   * ids made from the titles, quartiers mapped to the budget's districts by staff.
   */
  async copyToBudget(
    tenant: Tenant,
    slug: string,
    input: { budgetSlug: string; items: { proposalId: string; cost: number }[]; districts: Record<string, string> },
    actor: StaffActor,
  ): Promise<{ id: string; title: string }[]> {
    const { consultation } = await this.load(tenant, slug);
    const budget = await this.consultationAdmin.getAsStaff(tenant, input.budgetSlug);
    if (budget.kind !== 'budget') throw fail.validation('budgetSlug', `"${input.budgetSlug}" is not a participatory budget`);
    if (consultationStatus(budget, this.clock.now()) !== 'upcoming' || budget.archivedAt) {
      throw new DomainError(ProposalErrorCode.budgetNotUpcoming, 'Projects can be added only to a budget that has not opened yet');
    }
    const settings = budget.settings as BudgetSettings;
    const taken = new Set(settings.projects.map((p) => p.id));
    const districtIds = new Set((settings.districts ?? []).map((d) => d.id));
    const added: { id: string; title: string; description: string; cost: number; district?: string; proposalId: string }[] = [];
    for (const [index, item] of input.items.entries()) {
      const proposal = await this.store.get(tenant.id, consultation.id, item.proposalId);
      if (!proposal) throw notFound(item.proposalId);
      if (proposal.answerStatus !== 'selected') {
        throw new DomainError(ProposalErrorCode.notSelected, `Proposal ${proposal.id} is not selected (its answer is ${proposal.answerStatus})`);
      }
      if (proposal.budgetProjectId !== null)
        throw new DomainError(ProposalErrorCode.projectExists, `Proposal ${proposal.id} is already the project ${proposal.budgetProjectId}`);
      let district: string | undefined;
      if (settings.districts) {
        district = proposal.quartier === null ? undefined : input.districts[proposal.quartier];
        if (district === undefined || !districtIds.has(district)) {
          throw new DomainError(ProposalErrorCode.unmappedQuartier, `Map the quartier "${proposal.quartier ?? '(none)'}" to one of the budget's districts`, {
            issues: [{ path: `districts.${proposal.quartier ?? ''}`, message: `Proposal ${proposal.id} (item ${index})` }],
          });
        }
      }
      const id = projectIdFrom(proposal.title, taken);
      taken.add(id);
      added.push({ id, title: proposal.title.slice(0, 200), description: proposal.text.slice(0, 4000), cost: item.cost, district, proposalId: proposal.id });
    }
    const projects = [...settings.projects, ...added.map(({ proposalId: _, district, ...p }) => (district === undefined ? p : { ...p, district }))];
    await this.consultationAdmin.update(tenant, input.budgetSlug, { settings: { ...settings, projects } }, actor);
    await this.store.markCopiedToBudget(added.map((a) => ({ proposalId: a.proposalId, projectId: a.id })));
    await this.audit.record({
      tenantId: tenant.id,
      actor,
      action: 'copyProposalsToBudget',
      target: `consultation:${input.budgetSlug}`,
      after: { from: slug, projects: added.map((a) => ({ proposalId: a.proposalId, projectId: a.id, authorAgreed: true })) },
    });
    return added.map((a) => ({ id: a.id, title: a.title }));
  }
}

/** `nextCursor`: the last item's sort key and row, opaque to clients. */
function makeCursor(key: number, seq: number): string {
  return Buffer.from(`${key}.${seq}`).toString('base64url');
}

function parseCursor(cursor: string): { key: number; seq: number } {
  const match = /^(-?\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match) throw fail.validation('cursor', 'Use the nextCursor of the previous page');
  return { key: Number(match[1]), seq: Number(match[2]) };
}
