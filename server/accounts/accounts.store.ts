import type { Db } from '../db/open.ts';
import { DomainError, ErrorCode } from '../errors.ts';
import type { OutboxMail } from '../mail/outbox.store.ts';
import { insertOutboxMail } from '../mail/outbox.store.ts';

export type { Locale } from '../mail/templates.ts';
import type { Locale } from '../mail/templates.ts';
export type Gender = 'female' | 'male' | 'other';

export interface Account {
  id: string;
  email: string;
  emailVerifiedAt: number | null;
  passwordHash: string;
  locale: Locale;
  restrictedAt: number | null;
  objectedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Every optional field of the privacy policies; `null` means "not given". */
export interface Profile {
  pseudonym: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  postalAddress: string | null;
  birthYear: number | null;
  gender: Gender | null;
  city: string | null;
  quartier: string | null;
  avatar: string | null;
  pcsGroup: number | null;
  /** What the citizen chose to show beside the pseudonym. */
  showAge: boolean;
  showGender: boolean;
  showCity: boolean;
  showQuartier: boolean;
}

export const EMPTY_PROFILE: Profile = {
  pseudonym: null,
  firstName: null,
  lastName: null,
  phone: null,
  postalAddress: null,
  birthYear: null,
  gender: null,
  city: null,
  quartier: null,
  avatar: null,
  pcsGroup: null,
  showAge: false,
  showGender: false,
  showCity: false,
  showQuartier: false,
};

export interface Session {
  tokenHash: string;
  accountId: string;
  persistent: boolean;
  /** Opened from a staff origin by an account holding roles there: the only kind that carries staff power. */
  staff: boolean;
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number;
}

/** `change_email` is mailed to the new address of a pending change, `cancel_email_change` to the old one. */
export type AuthCodePurpose = 'verify_email' | 'reset_password' | 'change_email' | 'cancel_email_change';

export interface AuthCode {
  /** SHA-256 of the whole code. */
  codeHash: string;
  /** The code's public first part: finds the row, so wrong tries are counted against this code. */
  lookup: string;
  accountId: string;
  purpose: AuthCodePurpose;
  /** The address the code was mailed to: the code proves this mailbox and no other. */
  email: string;
  failedAttempts: number;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
}

/** A code and the mail that carries it. */
export interface IssuedCode {
  code: AuthCode;
  mail: OutboxMail;
}

export interface AccountStore {
  /** Inserts the account, its empty profile and, when given, a verification code with its mail, in one transaction. */
  create(account: Account, verification?: IssuedCode): Promise<void>;
  get(id: string): Promise<Account | undefined>;
  getByEmail(email: string): Promise<Account | undefined>;
  update(account: Account): Promise<void>;
  getProfile(accountId: string): Promise<Profile>;
  saveProfile(accountId: string, profile: Profile): Promise<void>;
  /** Deletes the account row; profile, sessions and codes go with it (ON DELETE CASCADE). */
  delete(accountId: string): Promise<void>;

  insertSession(session: Session): Promise<void>;
  getSession(tokenHash: string): Promise<Session | undefined>;
  touchSession(tokenHash: string, at: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Revokes every session of the account, except `keepTokenHash` when given. */
  deleteSessions(accountId: string, keepTokenHash?: string): Promise<void>;
  listSessions(accountId: string): Promise<Session[]>;
  deleteExpiredSessions(now: number): Promise<number>;

  /**
   * Stores codes with the mails that carry them, in one transaction; each revokes the account's earlier live
   * codes of its purpose.
   */
  issueAuthCodes(issued: IssuedCode[]): Promise<void>;
  /** Mails queued without a code (notices), in one transaction. */
  queueMails(mails: OutboxMail[]): Promise<void>;
  findAuthCode(lookup: string): Promise<AuthCode | undefined>;
  /**
   * Marks the code used and returns it, only if it is unused, unrevoked and unexpired (single use even under
   * races), and revokes the account's other live codes of the same purpose.
   */
  useAuthCode(lookup: string, now: number): Promise<AuthCode | undefined>;
  /** Counts a wrong try against the code; at `maxAttempts` the code is revoked. */
  recordFailedAttempt(lookup: string, maxAttempts: number, now: number): Promise<void>;
  revokeAuthCodes(accountId: string, purposes: AuthCodePurpose[], now: number): Promise<number>;
  /** The account's live (unused, unrevoked, unexpired) codes of these purposes, newest first. */
  liveAuthCodes(accountId: string, purposes: AuthCodePurpose[], now: number): Promise<AuthCode[]>;
  deleteExpiredAuthCodes(now: number): Promise<number>;
  /** The account's codes, for its export (the caller leaves out the hash). */
  listAuthCodes(accountId: string): Promise<AuthCode[]>;
}

interface AccountRow {
  id: string;
  email: string;
  email_verified_at: number | null;
  password_hash: string;
  locale: Locale;
  restricted_at: number | null;
  objected_at: number | null;
  created_at: number;
  updated_at: number;
}

interface ProfileRow {
  account_id: string;
  pseudonym: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  postal_address: string | null;
  birth_year: number | null;
  gender: Gender | null;
  city: string | null;
  quartier: string | null;
  avatar: string | null;
  pcs_group: number | null;
  show_age: number;
  show_gender: number;
  show_city: number;
  show_quartier: number;
}

interface SessionRow {
  token_hash: string;
  account_id: string;
  persistent: number;
  staff: number;
  created_at: number;
  expires_at: number;
  last_used_at: number;
}

interface AuthCodeRow {
  code_hash: string;
  lookup: string;
  account_id: string;
  purpose: AuthCodePurpose;
  email: string;
  failed_attempts: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  email: row.email,
  emailVerifiedAt: row.email_verified_at,
  passwordHash: row.password_hash,
  locale: row.locale,
  restrictedAt: row.restricted_at,
  objectedAt: row.objected_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toProfile = (row: ProfileRow): Profile => ({
  pseudonym: row.pseudonym,
  firstName: row.first_name,
  lastName: row.last_name,
  phone: row.phone,
  postalAddress: row.postal_address,
  birthYear: row.birth_year,
  gender: row.gender,
  city: row.city,
  quartier: row.quartier,
  avatar: row.avatar,
  pcsGroup: row.pcs_group,
  showAge: row.show_age === 1,
  showGender: row.show_gender === 1,
  showCity: row.show_city === 1,
  showQuartier: row.show_quartier === 1,
});

const toSession = (row: SessionRow): Session => ({
  tokenHash: row.token_hash,
  accountId: row.account_id,
  persistent: row.persistent === 1,
  staff: row.staff === 1,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
});

const toAuthCode = (row: AuthCodeRow): AuthCode => ({
  codeHash: row.code_hash,
  lookup: row.lookup,
  accountId: row.account_id,
  purpose: row.purpose,
  email: row.email,
  failedAttempts: row.failed_attempts,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
  revokedAt: row.revoked_at,
});

const accountParams = (a: Account) => ({
  id: a.id,
  email: a.email,
  emailVerifiedAt: a.emailVerifiedAt,
  passwordHash: a.passwordHash,
  locale: a.locale,
  restrictedAt: a.restrictedAt,
  objectedAt: a.objectedAt,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

const isUniqueViolation = (error: unknown) => error instanceof Error && 'code' in error && (error as { code: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

export function createSqliteAccountStore(db: Db): AccountStore {
  const insertAccount = db.prepare(`
    INSERT INTO accounts (id, email, email_verified_at, password_hash, locale, restricted_at, objected_at, created_at, updated_at)
    VALUES (:id, :email, :emailVerifiedAt, :passwordHash, :locale, :restrictedAt, :objectedAt, :createdAt, :updatedAt)`);
  const insertEmptyProfile = db.prepare('INSERT INTO profiles (account_id) VALUES (?)');
  const getAccount = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const getAccountByEmail = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE email = ?');
  const updateAccount = db.prepare(`
    UPDATE accounts SET email = :email, email_verified_at = :emailVerifiedAt, password_hash = :passwordHash,
      locale = :locale, restricted_at = :restrictedAt, objected_at = :objectedAt, updated_at = :updatedAt
    WHERE id = :id`);
  const getProfile = db.prepare<[string], ProfileRow>('SELECT * FROM profiles WHERE account_id = ?');
  const saveProfile = db.prepare(`
    INSERT INTO profiles (account_id, pseudonym, first_name, last_name, phone, postal_address, birth_year, gender,
      city, quartier, avatar, pcs_group, show_age, show_gender, show_city, show_quartier)
    VALUES (:accountId, :pseudonym, :firstName, :lastName, :phone, :postalAddress, :birthYear, :gender,
      :city, :quartier, :avatar, :pcsGroup, :showAge, :showGender, :showCity, :showQuartier)
    ON CONFLICT (account_id) DO UPDATE SET pseudonym = excluded.pseudonym, first_name = excluded.first_name,
      last_name = excluded.last_name, phone = excluded.phone, postal_address = excluded.postal_address,
      birth_year = excluded.birth_year, gender = excluded.gender, city = excluded.city, quartier = excluded.quartier,
      avatar = excluded.avatar, pcs_group = excluded.pcs_group, show_age = excluded.show_age,
      show_gender = excluded.show_gender, show_city = excluded.show_city, show_quartier = excluded.show_quartier`);
  const deleteAccount = db.prepare('DELETE FROM accounts WHERE id = ?');

  const insertSession = db.prepare(`
    INSERT INTO sessions (token_hash, account_id, persistent, staff, created_at, expires_at, last_used_at)
    VALUES (:tokenHash, :accountId, :persistent, :staff, :createdAt, :expiresAt, :lastUsedAt)`);
  const getSession = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?');
  const touchSession = db.prepare('UPDATE sessions SET last_used_at = ? WHERE token_hash = ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const deleteSessions = db.prepare('DELETE FROM sessions WHERE account_id = :accountId AND token_hash != :keep');
  const listSessions = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE account_id = ? ORDER BY created_at');
  const deleteExpiredSessions = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  const insertAuthCode = db.prepare(`
    INSERT INTO auth_codes (code_hash, lookup, account_id, purpose, email, failed_attempts, created_at, expires_at, used_at, revoked_at)
    VALUES (:codeHash, :lookup, :accountId, :purpose, :email, 0, :createdAt, :expiresAt, NULL, NULL)`);
  const revokeLive = db.prepare(`
    UPDATE auth_codes SET revoked_at = :now
    WHERE account_id = :accountId AND purpose = :purpose AND used_at IS NULL AND revoked_at IS NULL AND lookup != :keep`);
  const findAuthCode = db.prepare<[string], AuthCodeRow>('SELECT * FROM auth_codes WHERE lookup = ?');
  const useAuthCode = db.prepare<{ lookup: string; now: number }, AuthCodeRow>(`
    UPDATE auth_codes SET used_at = :now
    WHERE lookup = :lookup AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now
    RETURNING *`);
  const failAuthCode = db.prepare(`
    UPDATE auth_codes SET failed_attempts = failed_attempts + 1,
      revoked_at = CASE WHEN failed_attempts + 1 >= :max THEN coalesce(revoked_at, :now) ELSE revoked_at END
    WHERE lookup = :lookup`);
  const liveAuthCodes = db.prepare<{ accountId: string; purposes: string; now: number }, AuthCodeRow>(`
    SELECT * FROM auth_codes
    WHERE account_id = :accountId AND purpose IN (SELECT value FROM json_each(:purposes))
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now
    ORDER BY created_at DESC, rowid DESC`);
  const deleteExpiredAuthCodes = db.prepare('DELETE FROM auth_codes WHERE expires_at <= ? OR used_at IS NOT NULL OR revoked_at IS NOT NULL');
  const listAuthCodes = db.prepare<[string], AuthCodeRow>('SELECT * FROM auth_codes WHERE account_id = ? ORDER BY created_at');

  const issueCode = ({ code, mail }: IssuedCode) => {
    revokeLive.run({ now: code.createdAt, accountId: code.accountId, purpose: code.purpose, keep: code.lookup });
    insertAuthCode.run({
      codeHash: code.codeHash,
      lookup: code.lookup,
      accountId: code.accountId,
      purpose: code.purpose,
      email: code.email,
      createdAt: code.createdAt,
      expiresAt: code.expiresAt,
    });
    insertOutboxMail(db, mail);
  };
  const createTx = db.transaction((account: Account, verification?: IssuedCode) => {
    insertAccount.run(accountParams(account));
    insertEmptyProfile.run(account.id);
    if (verification) issueCode(verification);
  });
  const issueAuthCodesTx = db.transaction((issued: IssuedCode[]) => issued.forEach(issueCode));
  const queueMailsTx = db.transaction((mails: OutboxMail[]) => mails.forEach((mail) => insertOutboxMail(db, mail)));
  const useAuthCodeTx = db.transaction((lookup: string, now: number) => {
    const row = useAuthCode.get({ lookup, now });
    if (row) revokeLive.run({ now, accountId: row.account_id, purpose: row.purpose, keep: row.lookup });
    return row;
  });
  const revokeAuthCodesTx = db.transaction((accountId: string, purposes: AuthCodePurpose[], now: number) =>
    purposes.reduce((sum, purpose) => sum + revokeLive.run({ now, accountId, purpose, keep: '' }).changes, 0),
  );

  return {
    async create(account, verification) {
      try {
        createTx(account, verification);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError(ErrorCode.emailTaken, 'An account already uses this email');
        throw error;
      }
    },
    async get(id) {
      const row = getAccount.get(id);
      return row && toAccount(row);
    },
    async getByEmail(email) {
      const row = getAccountByEmail.get(email);
      return row && toAccount(row);
    },
    async update(account) {
      try {
        updateAccount.run(accountParams(account));
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError(ErrorCode.emailTaken, 'An account already uses this email');
        throw error;
      }
    },
    async getProfile(accountId) {
      const row = getProfile.get(accountId);
      return row ? toProfile(row) : { ...EMPTY_PROFILE };
    },
    async saveProfile(accountId, p) {
      saveProfile.run({
        accountId,
        pseudonym: p.pseudonym,
        firstName: p.firstName,
        lastName: p.lastName,
        phone: p.phone,
        postalAddress: p.postalAddress,
        birthYear: p.birthYear,
        gender: p.gender,
        city: p.city,
        quartier: p.quartier,
        avatar: p.avatar,
        pcsGroup: p.pcsGroup,
        showAge: p.showAge ? 1 : 0,
        showGender: p.showGender ? 1 : 0,
        showCity: p.showCity ? 1 : 0,
        showQuartier: p.showQuartier ? 1 : 0,
      });
    },
    async delete(accountId) {
      deleteAccount.run(accountId);
    },

    async insertSession(session) {
      insertSession.run({ ...session, persistent: session.persistent ? 1 : 0, staff: session.staff ? 1 : 0 });
    },
    async getSession(tokenHash) {
      const row = getSession.get(tokenHash);
      return row && toSession(row);
    },
    async touchSession(tokenHash, at) {
      touchSession.run(at, tokenHash);
    },
    async deleteSession(tokenHash) {
      deleteSession.run(tokenHash);
    },
    async deleteSessions(accountId, keepTokenHash = '') {
      deleteSessions.run({ accountId, keep: keepTokenHash });
    },
    async listSessions(accountId) {
      return listSessions.all(accountId).map(toSession);
    },
    async listAuthCodes(accountId) {
      return listAuthCodes.all(accountId).map(toAuthCode);
    },
    async deleteExpiredSessions(now) {
      return deleteExpiredSessions.run(now).changes;
    },

    async issueAuthCodes(issued) {
      issueAuthCodesTx(issued);
    },
    async queueMails(mails) {
      queueMailsTx(mails);
    },
    async findAuthCode(lookup) {
      const row = findAuthCode.get(lookup);
      return row && toAuthCode(row);
    },
    async useAuthCode(lookup, now) {
      const row = useAuthCodeTx(lookup, now);
      return row && toAuthCode(row);
    },
    async recordFailedAttempt(lookup, maxAttempts, now) {
      failAuthCode.run({ lookup, max: maxAttempts, now });
    },
    async revokeAuthCodes(accountId, purposes, now) {
      return revokeAuthCodesTx(accountId, purposes, now);
    },
    async liveAuthCodes(accountId, purposes, now) {
      return liveAuthCodes.all({ accountId, purposes: JSON.stringify(purposes), now }).map(toAuthCode);
    },
    async deleteExpiredAuthCodes(now) {
      return deleteExpiredAuthCodes.run(now).changes;
    },
  };
}
