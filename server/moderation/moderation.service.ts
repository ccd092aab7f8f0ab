import type { Account, AccountStore } from '../accounts/accounts.store.ts';
import type { Clock } from '../clock.ts';
import { DomainError } from '../errors.ts';
import { mayMail } from '../mail/recipients.ts';
import { mailTemplates, outboxMail } from '../mail/templates.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import {
  DEFAULT_FLAG_THRESHOLD,
  isAllowedTransition,
  MODERATION_TRANSITIONS,
  ModerationErrorCode,
  needsStatement,
  type FlagReason,
  type ModerationState,
} from './moderation.ts';
import type { ModerationStore, ModerationTarget, QueueFilter } from './moderation.store.ts';

/** The statement the author reads when flags hid their content automatically. */
const AUTOMATIC_STATEMENT =
  'Masquée automatiquement : plusieurs personnes à l’adresse e-mail confirmée l’ont signalée. Un modérateur va l’examiner. / Hidden automatically: several people with a confirmed email address flagged it. A moderator will review it.';

/**
 * Moderation shared by every kind of contribution. A feature registers its content (`register`) and shows it
 * only while `published`; citizens flag it; moderators move it along `MODERATION_TRANSITIONS`, each decision
 * that hides, rejects or restores with a statement of reasons the author reads in their account and by mail.
 */
export class ModerationService {
  constructor(
    private readonly store: ModerationStore,
    private readonly accounts: AccountStore,
    private readonly clock: Clock,
    /** The tenant's threshold from its settings; null: `DEFAULT_FLAG_THRESHOLD`. */
    private readonly flagThreshold: (tenantId: string) => Promise<number | null> = async () => null,
    private readonly mailQueued: () => void = () => {},
  ) {}

  register(tenant: Tenant, content: { kind: string; targetId: string; authorId: string | null; state: ModerationState }): Promise<ModerationTarget> {
    return this.store.register({ tenantId: tenant.id, ...content, now: this.clock.now() });
  }

  async get(tenant: Tenant, kind: string, targetId: string): Promise<ModerationTarget> {
    const target = await this.store.get(tenant.id, kind, targetId);
    if (!target) throw new DomainError(ModerationErrorCode.targetNotFound, `Nothing to moderate at ${kind}/${targetId}`);
    return target;
  }

  /**
   * A citizen's flag, once per account and content. Only flags from verified emails count toward automatic
   * hiding, so that one person with throwaway accounts cannot hide anything; reaching the threshold hides
   * published content until a moderator decides.
   */
  async flag(tenant: Tenant, account: Account, kind: string, targetId: string, flag: { reason: FlagReason; text?: string }) {
    const target = await this.get(tenant, kind, targetId);
    const counts = account.emailVerifiedAt !== null;
    const added = await this.store.addFlag(target.id, {
      accountId: account.id,
      reason: flag.reason,
      text: flag.text ?? null,
      counts,
      createdAt: this.clock.now(),
    });
    if (!added) throw new DomainError(ModerationErrorCode.alreadyFlagged, 'You have already flagged this content');
    const after = (await this.store.get(tenant.id, kind, targetId))!;
    let hidden = false;
    if (after.state === 'published' && after.countingFlags >= ((await this.flagThreshold(tenant.id)) ?? DEFAULT_FLAG_THRESHOLD)) {
      hidden = await this.#decide(tenant, after, 'hidden', AUTOMATIC_STATEMENT, null);
    }
    return { counted: counts, hidden };
  }

  /** A moderator's decision; the transition must be in the table, and a statement given where it says so. */
  async moderate(
    tenant: Tenant,
    moderator: Account,
    kind: string,
    targetId: string,
    decision: { state: ModerationState; statement?: string },
    /** How the author's mail names the content (its title); by default its kind and id. */
    content: { title?: string } = {},
  ) {
    const target = await this.get(tenant, kind, targetId);
    if (!isAllowedTransition(target.state, decision.state)) {
      const allowed = MODERATION_TRANSITIONS[target.state];
      throw new DomainError(
        ModerationErrorCode.transitionNotAllowed,
        `Content that is ${target.state} cannot become ${decision.state}` + (allowed.length ? ` (it can become: ${allowed.join(', ')})` : ''),
      );
    }
    const statement = decision.statement?.trim() ?? '';
    if (needsStatement(target.state, decision.state) && statement === '') {
      throw new DomainError(ModerationErrorCode.statementRequired, 'Say why: the author reads this statement of reasons', {
        issues: [{ path: 'statement', message: 'Required for this decision', code: 'required' }],
      });
    }
    if (!(await this.#decide(tenant, target, decision.state, statement, moderator.id, content.title))) {
      throw new DomainError(ModerationErrorCode.transitionNotAllowed, 'Someone decided about this content at the same time: read it again');
    }
    return this.get(tenant, kind, targetId);
  }

  queue(tenant: Tenant, filter: QueueFilter): Promise<ModerationTarget[]> {
    return this.store.queue(tenant.id, filter);
  }

  /** The decisions about my content on this tenant, with their statements of reasons. */
  decisionsAbout(tenant: Tenant, account: Account) {
    return this.store.decisionsForAuthor(account.id, tenant.id);
  }

  async #decide(
    tenant: Tenant,
    target: ModerationTarget,
    to: ModerationState,
    statement: string,
    moderatorId: string | null,
    title?: string,
  ): Promise<boolean> {
    const author = target.authorId ? await this.accounts.get(target.authorId) : undefined;
    // The statement of reasons of every decision that takes content from its author or gives it back (DSA art. 17).
    const mailed = author && (to === 'hidden' || to === 'rejected' || target.state === 'hidden') && mayMail(author, 'moderationDecision');
    const what = title ?? `${target.kind} ${target.targetId}`;
    const text =
      to === 'rejected'
        ? mailTemplates.contributionRejected(author?.locale ?? 'fr', { tenantName: tenant.name, title: what, statement })
        : mailTemplates.moderationDecision(author?.locale ?? 'fr', { tenantName: tenant.name, what, hidden: to === 'hidden', statement });
    const mail = mailed ? outboxMail({ to: author.email, accountId: author.id, createdAt: this.clock.now(), html: true, ...text }) : undefined;
    const moved = await this.store.decide({ target: target.id, from: target.state, to, statement, moderatorId, now: this.clock.now(), mail });
    if (moved && mail) this.mailQueued();
    return moved;
  }
}
