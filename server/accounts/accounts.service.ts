import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DAY, HOUR, MINUTE, type Clock } from '../clock.ts';
import { DomainError, ErrorCode, fail } from '../errors.ts';
import type { RateLimiter, RateLimitRule } from '../http/rate-limit.ts';
import { mailTemplates, outboxMail } from '../mail/templates.ts';
import type { Tenant, TenantStore } from '../tenants/tenants.store.ts';
import type { OutboxMail } from '../mail/outbox.store.ts';
import type { RightsRequestKind } from '../rights/rights.store.ts';
import { EMPTY_PROFILE, type Account, type AccountStore, type AuthCode, type AuthCodePurpose, type Locale, type Profile, type Session } from './accounts.store.ts';
import { createDummyHash, hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords.ts';

export const SESSION_TTL = { persistent: 30 * DAY, browser: 12 * HOUR } as const;
export const CODE_TTL = 30 * MINUTE;
/** A session's last-use time is written at most this often, so reads stay reads. */
const TOUCH_EVERY = HOUR;

export const SIGN_IN_RULES = {
  perIp: { max: 20, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE },
  perEmail: { max: 5, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE },
} satisfies Record<string, RateLimitRule>;
export const SIGN_UP_RULE: RateLimitRule = { max: 10, windowMs: HOUR, blockMs: HOUR };
export const RESET_RULE: RateLimitRule = { max: 5, windowMs: HOUR, blockMs: HOUR };

const PASSWORD_MESSAGES = {
  too_short: 'The password must have at least 12 characters',
  too_long: 'The password is too long',
  common: 'This password is too common; choose a longer sentence or a less predictable one',
  contains_email: 'The password must not contain your email address',
} as const;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

export interface Me {
  account: Account;
  profile: Profile;
  staffOf: string[];
}

export interface IssuedSession {
  token: string;
  session: Session;
  me: Me;
}

/**
 * Accounts, sessions, email verification and password reset. Sign-in answers unknown emails and wrong
 * passwords with the same error after the same work (a hash verification), and counts failures per address
 * and per email — known or not — so neither timing nor rate limits reveal who has an account.
 */
export class AccountService {
  readonly #dummyHash: Promise<string>;

  constructor(
    private readonly accounts: AccountStore,
    private readonly tenants: TenantStore,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    /** Writes the dated log line of a data-rights request (rectification, restriction, objection…). */
    private readonly logRightsRequest: (accountId: string, kind: RightsRequestKind) => Promise<void>,
    private readonly onMailQueued: () => void = () => {},
  ) {
    this.#dummyHash = createDummyHash();
  }

  async signUp(input: {
    tenant: Tenant;
    email: string;
    password: string;
    locale: Locale;
    remember: boolean;
    returnUrl: string;
    ip: string;
    /** The form's hidden field was filled: answer as usual, create and send nothing. */
    honeypot?: boolean;
  }): Promise<IssuedSession> {
    await this.limiter.assertAllowed('sign-up:ip', input.ip);
    await this.limiter.hit('sign-up:ip', input.ip, SIGN_UP_RULE);
    this.#assertPasswordAcceptable(input.password, input.email, 'password');
    const link = this.#linkBack(input.tenant, input.returnUrl);
    const now = this.clock.now();
    const account: Account = {
      id: randomUUID(),
      email: input.email,
      emailVerifiedAt: null,
      passwordHash: await hashPassword(input.password),
      locale: input.locale,
      restrictedAt: null,
      objectedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    if (input.honeypot) return this.#decoySession(account, input.remember);
    await this.accounts.create(account, this.#composeCode(account, 'verify_email', input.tenant, link));
    this.onMailQueued();
    return this.#issueSession(account, input.remember);
  }

  async signIn(input: { email: string; password: string; remember: boolean; ip: string }): Promise<IssuedSession> {
    await this.limiter.assertAllowed('sign-in:ip', input.ip);
    await this.limiter.assertAllowed('sign-in:email', input.email);
    const account = await this.accounts.getByEmail(input.email);
    const valid = await verifyPassword(account?.passwordHash ?? (await this.#dummyHash), input.password);
    if (!account || !valid) {
      await this.limiter.hit('sign-in:ip', input.ip, SIGN_IN_RULES.perIp);
      await this.limiter.hit('sign-in:email', input.email, SIGN_IN_RULES.perEmail);
      throw new DomainError(ErrorCode.invalidCredentials, 'Email or password is incorrect');
    }
    await this.limiter.reset('sign-in:email', input.email);
    if (needsRehash(account.passwordHash)) {
      await this.accounts.update({ ...account, passwordHash: await hashPassword(input.password), updatedAt: this.clock.now() });
    }
    return this.#issueSession(account, input.remember);
  }

  /** Resolves a bearer token to its session and account; expired or revoked tokens resolve to nothing. */
  async authenticate(token: string): Promise<{ session: Session; account: Account } | undefined> {
    const tokenHash = sha256(token);
    const session = await this.accounts.getSession(tokenHash);
    const now = this.clock.now();
    if (!session) return undefined;
    if (session.expiresAt <= now) {
      await this.accounts.deleteSession(tokenHash);
      return undefined;
    }
    const account = await this.accounts.get(session.accountId);
    if (!account) return undefined;
    if (now - session.lastUsedAt > TOUCH_EVERY) await this.accounts.touchSession(tokenHash, now);
    return { session, account };
  }

  async signOut(session: Session): Promise<void> {
    await this.accounts.deleteSession(session.tokenHash);
  }

  async me(account: Account): Promise<Me> {
    const [profile, memberships] = await Promise.all([
      this.accounts.getProfile(account.id),
      this.tenants.staffMemberships(account.id),
    ]);
    return { account, profile, staffOf: memberships.map((m) => m.tenantId) };
  }

  /**
   * Rectification (GDPR art. 16) of the profile, the locale and the email, and the restriction (art. 18) and
   * objection (art. 21) flags. Each right exercised is logged with its date.
   */
  async update(
    account: Account,
    patch: {
      profile?: Partial<Profile>;
      locale?: Locale;
      email?: string;
      currentPassword?: string;
      returnUrl?: string;
      restricted?: boolean;
      objected?: boolean;
    },
    tenant: Tenant,
  ): Promise<Me> {
    const now = this.clock.now();
    const next: Account = { ...account, updatedAt: now };
    const exercised: RightsRequestKind[] = [];
    const emailChanges = patch.email !== undefined && patch.email !== account.email;
    if (emailChanges) {
      if (!patch.currentPassword || !(await verifyPassword(account.passwordHash, patch.currentPassword))) {
        throw new DomainError(ErrorCode.wrongPassword, 'Enter your current password to change your email', {
          issues: [{ path: 'currentPassword', message: 'Current password is incorrect', code: 'wrong_password' }],
        });
      }
      if (!patch.returnUrl) throw fail.validation('returnUrl', 'A return page is needed to send the confirmation link');
      next.email = patch.email!;
      next.emailVerifiedAt = null;
    }
    const link = emailChanges ? this.#linkBack(tenant, patch.returnUrl!) : undefined;
    if (patch.locale) next.locale = patch.locale;
    if (patch.restricted !== undefined && patch.restricted !== (account.restrictedAt !== null)) {
      next.restrictedAt = patch.restricted ? now : null;
      exercised.push(patch.restricted ? 'restriction' : 'withdrawal');
    }
    if (patch.objected !== undefined && patch.objected !== (account.objectedAt !== null)) {
      next.objectedAt = patch.objected ? now : null;
      exercised.push(patch.objected ? 'objection' : 'withdrawal');
    }
    if (patch.profile || emailChanges || (patch.locale && patch.locale !== account.locale)) exercised.push('rectification');
    await this.accounts.update(next);
    if (patch.profile) {
      const current = await this.accounts.getProfile(account.id);
      await this.accounts.saveProfile(account.id, { ...current, ...patch.profile });
    }
    if (link) await this.#sendCode(next, 'verify_email', tenant, link);
    for (const kind of exercised) await this.logRightsRequest(account.id, kind);
    return this.me(next);
  }

  async changePassword(account: Account, session: Session, currentPassword: string, newPassword: string): Promise<void> {
    if (!(await verifyPassword(account.passwordHash, currentPassword))) {
      throw new DomainError(ErrorCode.wrongPassword, 'Current password is incorrect', {
        issues: [{ path: 'currentPassword', message: 'Current password is incorrect', code: 'wrong_password' }],
      });
    }
    this.#assertPasswordAcceptable(newPassword, account.email, 'newPassword');
    await this.accounts.update({ ...account, passwordHash: await hashPassword(newPassword), updatedAt: this.clock.now() });
    await this.accounts.deleteSessions(account.id, session.tokenHash);
  }

  async resendVerification(account: Account, tenant: Tenant, returnUrl: string): Promise<void> {
    if (account.emailVerifiedAt) return;
    await this.limiter.assertAllowed('verify:account', account.id);
    await this.limiter.hit('verify:account', account.id, RESET_RULE);
    await this.#sendCode(account, 'verify_email', tenant, this.#linkBack(tenant, returnUrl));
  }

  async verifyEmail(code: string): Promise<void> {
    const used = await this.accounts.consumeAuthCode(sha256(code), 'verify_email', this.clock.now());
    if (!used) throw new DomainError(ErrorCode.invalidCode, 'This link has expired or was already used');
    const account = await this.accounts.get(used.accountId);
    if (!account) throw new DomainError(ErrorCode.invalidCode, 'This link has expired or was already used');
    await this.accounts.update({ ...account, emailVerifiedAt: this.clock.now(), updatedAt: this.clock.now() });
  }

  /** Answers the same whether or not the email has an account: only the mailbox's owner learns more. */
  async requestPasswordReset(input: { tenant: Tenant; email: string; returnUrl: string; ip: string }): Promise<void> {
    const link = this.#linkBack(input.tenant, input.returnUrl);
    await this.limiter.assertAllowed('reset:ip', input.ip);
    await this.limiter.hit('reset:ip', input.ip, RESET_RULE);
    const account = await this.accounts.getByEmail(input.email);
    if (account) await this.#sendCode(account, 'reset_password', input.tenant, link);
  }

  async resetPassword(code: string, newPassword: string): Promise<void> {
    const now = this.clock.now();
    const used = await this.accounts.consumeAuthCode(sha256(code), 'reset_password', now);
    const account = used && (await this.accounts.get(used.accountId));
    if (!account) throw new DomainError(ErrorCode.invalidCode, 'This link has expired or was already used');
    this.#assertPasswordAcceptable(newPassword, account.email, 'newPassword');
    // Following the mailed link proves the mailbox, so the email counts as verified too.
    await this.accounts.update({
      ...account,
      passwordHash: await hashPassword(newPassword),
      emailVerifiedAt: account.emailVerifiedAt ?? now,
      updatedAt: now,
    });
    await this.accounts.deleteSessions(account.id);
  }

  async #issueSession(account: Account, persistent: boolean): Promise<IssuedSession> {
    const token = newSecret();
    const now = this.clock.now();
    const session: Session = {
      tokenHash: sha256(token),
      accountId: account.id,
      persistent,
      createdAt: now,
      expiresAt: now + (persistent ? SESSION_TTL.persistent : SESSION_TTL.browser),
      lastUsedAt: now,
    };
    await this.accounts.insertSession(session);
    return { token, session, me: await this.me(account) };
  }

  /** What a bot that filled the honeypot gets: a sign-up answer like any other, for an account never stored. */
  #decoySession(account: Account, persistent: boolean): IssuedSession {
    const now = this.clock.now();
    const expiresAt = now + (persistent ? SESSION_TTL.persistent : SESSION_TTL.browser);
    const session: Session = { tokenHash: '', accountId: account.id, persistent, createdAt: now, expiresAt, lastUsedAt: now };
    return { token: newSecret(), session, me: { account, profile: { ...EMPTY_PROFILE }, staffOf: [] } };
  }

  async #sendCode(account: Account, purpose: AuthCodePurpose, tenant: Tenant, linkBase: URL): Promise<void> {
    const { code, mail } = this.#composeCode(account, purpose, tenant, linkBase);
    await this.accounts.insertAuthCode(code, mail);
    this.onMailQueued();
  }

  /** A single-use code (stored hashed) and the mail carrying it in a link back to the tenant's page. */
  #composeCode(account: Account, purpose: AuthCodePurpose, tenant: Tenant, linkBase: URL): { code: AuthCode; mail: OutboxMail } {
    const code = newSecret();
    const now = this.clock.now();
    const link = new URL(linkBase);
    link.hash = `${purpose === 'verify_email' ? 'civique-verify' : 'civique-reset'}=${code}`;
    const template = purpose === 'verify_email' ? mailTemplates.verifyEmail : mailTemplates.resetPassword;
    const mail = outboxMail({
      to: account.email,
      accountId: account.id,
      createdAt: now,
      ...template(account.locale, { tenantName: tenant.name, link: link.toString() }),
    });
    return {
      code: { codeHash: sha256(code), accountId: account.id, purpose, createdAt: now, expiresAt: now + CODE_TTL, usedAt: null },
      mail,
    };
  }

  /** Mailed links lead back only to a page of the tenant's own site, never to an arbitrary address. */
  #linkBack(tenant: Tenant, returnUrl: string): URL {
    const url = new URL(returnUrl);
    if (!tenant.allowedOrigins.includes(url.origin)) {
      throw fail.validation('returnUrl', `The return page must be on one of ${tenant.name}'s sites`);
    }
    url.hash = '';
    return url;
  }

  #assertPasswordAcceptable(password: string, email: string, field: string): void {
    const problem = passwordProblem(password, email);
    if (problem) {
      throw new DomainError(ErrorCode.weakPassword, PASSWORD_MESSAGES[problem], {
        issues: [{ path: field, message: PASSWORD_MESSAGES[problem], code: problem }],
      });
    }
  }
}
