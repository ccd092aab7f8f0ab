import { linkBack } from '../tenants/links.ts';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DAY, HOUR, MINUTE, type Clock } from '../clock.ts';
import { DomainError, ErrorCode, fail } from '../errors.ts';
import type { RateLimiter, RateLimitRule } from '../http/rate-limit.ts';
import { mailTemplates, outboxMail } from '../mail/templates.ts';
import type { StaffRole, Tenant, TenantStore } from '../tenants/tenants.store.ts';
import type { OutboxMail } from '../mail/outbox.store.ts';
import type { RightsRequestKind } from '../personal-data/registry.ts';
import type { Account, AccountStore, AuthCode, AuthCodePurpose, IssuedCode, Locale, Profile, Session } from './accounts.store.ts';
import type { PasswordCheck } from './password-check.ts';
import { isStaffOrigin } from '../tenants/origin.ts';
import { hashPassword, needsRehash, passwordProblem } from './passwords.ts';

/** A staff session lasts 12 hours whatever "remember me" says: staff power is not left open for a month. */
export const SESSION_TTL = { persistent: 30 * DAY, browser: 12 * HOUR, staff: 12 * HOUR } as const;
/** A mailed code is dead 30 minutes after it was issued (valid at 29:59, not at 30:00). */
export const CODE_TTL = 30 * MINUTE;
/** A staff invitation's link lives longer than a reset's: the invited person may read it days later. */
export const INVITE_TTL = 7 * DAY;
/** Wrong tries a code survives: the fifth kills it. */
export const CODE_MAX_ATTEMPTS = 5;
/** Characters of a code's public first part (12 random bytes in base64url). */
const CODE_LOOKUP_LENGTH = 16;
/** A session's last-use time is written at most this often, so reads stay reads. */
const TOUCH_EVERY = HOUR;

export const SIGN_UP_RULE: RateLimitRule = { max: 10, windowMs: HOUR, blockMs: HOUR };
export const RESET_RULE: RateLimitRule = { max: 5, windowMs: HOUR, blockMs: HOUR };

const PASSWORD_MESSAGES = {
  too_short: 'The password must have at least 12 characters',
  too_long: 'The password is too long',
  common: 'This password is too common; choose a longer sentence or a less predictable one',
  contains_email: 'The password must not contain your email address',
} as const;

/** Where each purpose's link leads in the widget (`#civique-verify=…`). */
const LINK_FRAGMENT: Record<AuthCodePurpose, string> = {
  verify_email: 'civique-verify',
  change_email: 'civique-verify',
  reset_password: 'civique-reset',
  cancel_email_change: 'civique-cancel-email',
};

/** How a session token or an emailed code is stored: its SHA-256, in hex (node:crypto; not on a hot path). */
const secretHash = (value: string) => createHash('sha256').update(value).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const invalidCode = () => new DomainError(ErrorCode.invalidCode, 'This link has expired or was already used');

export interface Me {
  account: Account;
  profile: Profile;
  /** The tenants whose staff the account belongs to, with its roles in each. */
  staffOf: { tenant: string; roles: StaffRole[] }[];
  /** The new address of an email change waiting for its confirmation. */
  pendingEmail: string | null;
}

/** Where a session is used: staff power (and `staffOf`) only in a staff session, from a staff origin. */
export interface SessionView {
  staffSession: boolean;
  origin: string | undefined;
  ownOrigin: string | undefined;
}

export interface IssuedSession {
  token: string;
  session: Session;
  me: Me;
}

/**
 * Accounts, sessions, email verification and password reset. Nothing answers differently for an email that has
 * an account and one that has not: sign-in (same error after the same hash work, see PasswordCheck), sign-up
 * and reset requests (same answer, one mail queued either way, to the address typed). Only the mailbox's owner
 * learns more.
 */
export class AccountService {
  constructor(
    private readonly accounts: AccountStore,
    private readonly tenants: TenantStore,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    private readonly passwords: PasswordCheck,
    /** Writes the dated log line of a data-rights request (rectification, restriction, objection…). */
    private readonly logRightsRequest: (accountId: string, kind: RightsRequestKind, tenantId: string) => Promise<void>,
    private readonly onMailQueued: () => void = () => {},
  ) {}

  /**
   * Creates the account and mails its confirmation link; for an address that already has an account, mails
   * its owner instead. Either way the same work (one password hash, one transaction) and the same answer.
   */
  async signUp(input: {
    tenant: Tenant;
    email: string;
    password: string;
    locale: Locale;
    returnUrl: string;
    ip: string;
    /** The form's hidden field was filled: answer as usual, create and send nothing. */
    honeypot?: boolean;
  }): Promise<void> {
    await this.limiter.assertAllowed('sign-up:ip', input.ip);
    await this.limiter.hit('sign-up:ip', input.ip, SIGN_UP_RULE);
    this.#assertPasswordAcceptable(input.password, input.email, 'password');
    if (input.honeypot) return;
    const link = linkBack(input.tenant, input.returnUrl);
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
    const existing = await this.accounts.getByEmail(input.email);
    if (!existing) {
      try {
        await this.accounts.create(account, this.#composeCode(account, 'verify_email', account.email, input.tenant, link));
        this.onMailQueued();
        return;
      } catch (error) {
        // Taken between the read and the write: answered like any known address.
        if (!(error instanceof DomainError && error.code === ErrorCode.emailTaken)) throw error;
      }
    }
    const owner = existing ?? (await this.accounts.getByEmail(input.email));
    if (owner) await this.#mailAccountExists(owner, input.tenant, link);
  }

  /**
   * Signed in from a staff origin (`view.fromStaffOrigin`) by an account holding roles in the tenant, the session
   * is a staff session: 12 hours, and the only kind that carries staff power. Elsewhere it is a citizen's.
   */
  async signIn(input: {
    email: string;
    password: string;
    remember: boolean;
    ip: string;
    tenant?: Tenant;
    from?: { origin: string | undefined; ownOrigin: string | undefined; fromStaffOrigin: boolean };
  }): Promise<IssuedSession> {
    const account = await this.accounts.getByEmail(input.email);
    const valid = await this.passwords.verify({ email: input.email, passwordHash: account?.passwordHash, password: input.password, ip: input.ip });
    if (!account || !valid) throw new DomainError(ErrorCode.invalidCredentials, 'Email or password is incorrect');
    if (needsRehash(account.passwordHash)) {
      await this.accounts.update({ ...account, passwordHash: await hashPassword(input.password), updatedAt: this.clock.now() });
    }
    const staff = input.from?.fromStaffOrigin === true && input.tenant !== undefined && (await this.tenants.isStaff(input.tenant.id, account.id));
    return this.#issueSession(account, input.remember, { staffSession: staff, origin: input.from?.origin, ownOrigin: input.from?.ownOrigin });
  }

  /**
   * A password typed again inside a session (delete the account, change the password or the email): counted
   * against the sign-in limits, so a stolen session cannot try passwords without end.
   */
  async confirmPassword(account: Account, password: string | undefined, ip: string, field: string, message: string): Promise<void> {
    // A missing password is no guess: refused without counting it.
    const valid =
      password !== undefined && password !== '' && (await this.passwords.verify({ email: account.email, passwordHash: account.passwordHash, password, ip }));
    if (!valid) {
      throw new DomainError(ErrorCode.wrongPassword, message, { issues: [{ path: field, message, code: 'wrong_password' }] });
    }
  }

  /** Resolves a bearer token to its session and account; expired or revoked tokens resolve to nothing. */
  async authenticate(token: string): Promise<{ session: Session; account: Account } | undefined> {
    const tokenHash = secretHash(token);
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

  /**
   * The account as its owner reads it. `staffOf` lists the tenants where this session acts as staff from where it
   * is used (`view`): none for a citizen session, or from an origin that is no staff origin.
   */
  async me(account: Account, view?: SessionView): Promise<Me> {
    const [profile, memberships, pending] = await Promise.all([
      this.accounts.getProfile(account.id),
      view?.staffSession ? this.tenants.staffMemberships(account.id) : [],
      this.accounts.liveAuthCodes(account.id, ['change_email'], this.clock.now()),
    ]);
    const staffOf = new Map<string, StaffRole[]>();
    for (const m of memberships) {
      if (!staffOf.has(m.tenantId)) {
        const tenant = await this.tenants.get(m.tenantId);
        if (!tenant || !isStaffOrigin(tenant, view!.origin, view!.ownOrigin)) continue;
      }
      staffOf.set(m.tenantId, [...(staffOf.get(m.tenantId) ?? []), m.role]);
    }
    return { account, profile, staffOf: [...staffOf].map(([tenant, roles]) => ({ tenant, roles })), pendingEmail: pending[0]?.email ?? null };
  }

  /**
   * Rectification (GDPR art. 16) of the profile, the locale and the email, and the restriction (art. 18) and
   * objection (art. 21) flags. Each right exercised is logged with its date. A new email is only requested
   * here: it replaces the old one once its mailbox confirms it (see `verifyEmail`), and the old address is
   * told, with a link to cancel.
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
    ip: string,
    view?: SessionView,
  ): Promise<Me> {
    const now = this.clock.now();
    const next: Account = { ...account, updatedAt: now };
    const exercised: RightsRequestKind[] = [];
    const emailChanges = patch.email !== undefined && patch.email !== account.email;
    let link: URL | undefined;
    if (emailChanges) {
      await this.confirmPassword(account, patch.currentPassword, ip, 'currentPassword', 'Enter your current password to change your email');
      if (!patch.returnUrl) throw fail.validation('returnUrl', 'A return page is needed to send the confirmation link');
      link = linkBack(tenant, patch.returnUrl);
    }
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
    if (link) await this.#requestEmailChange(next, patch.email!, tenant, link);
    for (const kind of exercised) await this.logRightsRequest(account.id, kind, tenant.id);
    return this.me(next, view);
  }

  async changePassword(account: Account, session: Session, currentPassword: string, newPassword: string, ip: string): Promise<void> {
    await this.confirmPassword(account, currentPassword, ip, 'currentPassword', 'Current password is incorrect');
    this.#assertPasswordAcceptable(newPassword, account.email, 'newPassword');
    await this.accounts.update({ ...account, passwordHash: await hashPassword(newPassword), updatedAt: this.clock.now() });
    await this.accounts.deleteSessions(account.id, session.tokenHash);
  }

  async resendVerification(account: Account, tenant: Tenant, returnUrl: string): Promise<void> {
    if (account.emailVerifiedAt) return;
    await this.limiter.assertAllowed('verify:account', account.id);
    await this.limiter.hit('verify:account', account.id, RESET_RULE);
    await this.#sendCodes([this.#composeCode(account, 'verify_email', account.email, tenant, linkBack(tenant, returnUrl))]);
  }

  /**
   * Confirms the address the code was mailed to, and only that one: the account's own address (it becomes
   * verified), or the new address of a pending change (it replaces the old one, verified).
   */
  async verifyEmail(code: string): Promise<void> {
    const { used, account } = await this.#redeem(code, ['verify_email', 'change_email']);
    const now = this.clock.now();
    if (used.purpose === 'verify_email') {
      if (used.email !== account.email) throw invalidCode();
      await this.accounts.update({ ...account, emailVerifiedAt: now, updatedAt: now });
      return;
    }
    await this.accounts.update({ ...account, email: used.email, emailVerifiedAt: now, updatedAt: now });
    // Codes mailed to the former address prove nothing about the account any more.
    await this.accounts.revokeAuthCodes(account.id, ['verify_email', 'reset_password', 'cancel_email_change'], now);
  }

  /** The former address's owner stops a pending email change; the account keeps its address. */
  async cancelEmailChange(code: string): Promise<void> {
    const { used, account } = await this.#redeem(code, ['cancel_email_change']);
    if (used.email !== account.email) throw invalidCode();
    await this.accounts.revokeAuthCodes(account.id, ['change_email'], this.clock.now());
  }

  /**
   * Answers the same whether or not the email has an account, after the same work: a code composed and one
   * mail queued to the address typed (a reset link, or a note that no account uses it).
   */
  async requestPasswordReset(input: { tenant: Tenant; email: string; returnUrl: string; locale: Locale; ip: string }): Promise<void> {
    const link = linkBack(input.tenant, input.returnUrl);
    await this.limiter.assertAllowed('reset:ip', input.ip);
    await this.limiter.hit('reset:ip', input.ip, RESET_RULE);
    const account = await this.accounts.getByEmail(input.email);
    const stranger: Account = {
      id: '',
      email: input.email,
      emailVerifiedAt: null,
      passwordHash: '',
      locale: input.locale,
      restrictedAt: null,
      objectedAt: null,
      createdAt: 0,
      updatedAt: 0,
    };
    const issued = this.#composeCode(account ?? stranger, 'reset_password', input.email, input.tenant, link);
    if (account) {
      await this.#sendCodes([issued]);
      return;
    }
    const mail = outboxMail({
      to: input.email,
      accountId: null,
      createdAt: this.clock.now(),
      ...mailTemplates.noAccount(input.locale, { tenantName: input.tenant.name, link: link.toString() }),
    });
    await this.accounts.queueMails([mail]);
    this.onMailQueued();
  }

  /**
   * Mails a single-use link with which the invited person chooses their own password (a password-reset code, so
   * following it also proves the mailbox). An address without an account gets one, with no usable password
   * until then. Nobody but the mailbox's owner ever knows the password.
   */
  async inviteStaff(input: { tenant: Tenant; email: string; returnUrl: string; roles: StaffRole[] }): Promise<{ account: Account; created: boolean }> {
    const link = linkBack(input.tenant, input.returnUrl);
    let account = await this.accounts.getByEmail(input.email);
    const created = !account;
    if (!account) {
      const now = this.clock.now();
      account = {
        id: randomUUID(),
        email: input.email,
        emailVerifiedAt: null,
        // A hash of a secret nobody keeps: no password opens the account before the link is followed.
        passwordHash: await hashPassword(newSecret()),
        locale: 'fr',
        restrictedAt: null,
        objectedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await this.accounts.create(account);
    }
    const issued = this.#composeCode(account, 'reset_password', account.email, input.tenant, link, { invite: input.roles.join(', ') });
    await this.#sendCodes([issued]);
    return { account, created };
  }

  /** A new password with the mailed code; every session is revoked and every lock on the email lifted. */
  async resetPassword(code: string, newPassword: string): Promise<void> {
    const now = this.clock.now();
    const { used, account } = await this.#redeem(code, ['reset_password']);
    if (used.email !== account.email) throw invalidCode();
    this.#assertPasswordAcceptable(newPassword, account.email, 'newPassword');
    // Following the mailed link proves the mailbox, so the email counts as verified too.
    await this.accounts.update({
      ...account,
      passwordHash: await hashPassword(newPassword),
      emailVerifiedAt: account.emailVerifiedAt ?? now,
      updatedAt: now,
    });
    await this.accounts.deleteSessions(account.id);
    await this.passwords.liftLocks(account.email);
  }

  async #issueSession(account: Account, remember: boolean, view: SessionView): Promise<IssuedSession> {
    const staff = view.staffSession;
    const token = newSecret();
    const now = this.clock.now();
    const persistent = remember && !staff;
    const session: Session = {
      tokenHash: secretHash(token),
      accountId: account.id,
      persistent,
      staff,
      createdAt: now,
      expiresAt: now + (staff ? SESSION_TTL.staff : persistent ? SESSION_TTL.persistent : SESSION_TTL.browser),
      lastUsedAt: now,
    };
    await this.accounts.insertSession(session);
    return { token, session, me: await this.me(account, view) };
  }

  /**
   * Mails a confirmation link to the new address and a cancel link to the current one, in one transaction.
   * A new address that another account already uses gets that account's "someone tried" note instead of the
   * link, and the answer stays the same, so the change form tells nobody who has an account.
   */
  async #requestEmailChange(account: Account, newEmail: string, tenant: Tenant, link: URL): Promise<void> {
    const confirm = this.#composeCode(account, 'change_email', newEmail, tenant, link);
    const cancel = this.#composeCode(account, 'cancel_email_change', account.email, tenant, link, { newEmail });
    const owner = await this.accounts.getByEmail(newEmail);
    if (owner) {
      confirm.mail = this.#accountExistsMail(owner, tenant, link);
    }
    await this.#sendCodes([confirm, cancel]);
  }

  async #mailAccountExists(owner: Account, tenant: Tenant, link: URL): Promise<void> {
    await this.accounts.queueMails([this.#accountExistsMail(owner, tenant, link)]);
    this.onMailQueued();
  }

  #accountExistsMail(owner: Account, tenant: Tenant, link: URL): OutboxMail {
    return outboxMail({
      to: owner.email,
      accountId: owner.id,
      createdAt: this.clock.now(),
      ...mailTemplates.accountExists(owner.locale, { tenantName: tenant.name, link: link.toString() }),
    });
  }

  /**
   * Finds the code by its public part and checks the whole in constant time. A wrong code counts against the
   * code it names (the fifth kills it); a right one is used once and revokes the other codes of its purpose.
   */
  async #redeem(code: string, purposes: AuthCodePurpose[]): Promise<{ used: AuthCode; account: Account }> {
    const now = this.clock.now();
    const found = await this.accounts.findAuthCode(code.slice(0, CODE_LOOKUP_LENGTH));
    if (!found || !purposes.includes(found.purpose)) throw invalidCode();
    if (!sameHash(secretHash(code), found.codeHash)) {
      await this.accounts.recordFailedAttempt(found.lookup, CODE_MAX_ATTEMPTS, now);
      throw invalidCode();
    }
    const used = await this.accounts.useAuthCode(found.lookup, now);
    const account = used && (await this.accounts.get(used.accountId));
    if (!used || !account) throw invalidCode();
    return { used, account };
  }

  async #sendCodes(issued: IssuedCode[]): Promise<void> {
    await this.accounts.issueAuthCodes(issued);
    this.onMailQueued();
  }

  /**
   * A single-use code (stored hashed, tied to the address it is mailed to) and the mail carrying it in a link
   * back to the tenant's page. The code is a public lookup part followed by the secret.
   */
  #composeCode(
    account: Account,
    purpose: AuthCodePurpose,
    to: string,
    tenant: Tenant,
    linkBase: URL,
    extra: { newEmail?: string; /** The roles of a staff invitation: its mail, and a week to follow it. */ invite?: string } = {},
  ): IssuedCode {
    const lookup = randomBytes(12).toString('base64url');
    const code = `${lookup}${newSecret()}`;
    const now = this.clock.now();
    const link = new URL(linkBase);
    link.hash = `${LINK_FRAGMENT[purpose]}=${code}`;
    const v = { tenantName: tenant.name, link: link.toString() };
    const text = extra.invite
      ? mailTemplates.staffInvite(account.locale, { ...v, roles: extra.invite })
      : purpose === 'verify_email'
        ? mailTemplates.verifyEmail(account.locale, v)
        : purpose === 'reset_password'
          ? mailTemplates.resetPassword(account.locale, v)
          : purpose === 'change_email'
            ? mailTemplates.confirmEmailChange(account.locale, v)
            : mailTemplates.emailChangeRequested(account.locale, { ...v, newEmail: extra.newEmail ?? '' });
    return {
      code: {
        codeHash: secretHash(code),
        lookup,
        accountId: account.id,
        purpose,
        email: to,
        failedAttempts: 0,
        createdAt: now,
        expiresAt: now + (extra.invite ? INVITE_TTL : CODE_TTL),
        usedAt: null,
        revokedAt: null,
      },
      mail: outboxMail({ to, accountId: account.id || null, createdAt: now, ...text }),
    };
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
