import type { TenantStore } from '../tenants/tenants.store.ts';
import type { PersonalDataEntry } from '../personal-data/registry.ts';
import type { AccountStore } from './accounts.store.ts';

const PASSWORD_NOTE = {
  fr: 'Conservé uniquement sous forme d’empreinte argon2id, qui n’est pas exportée.',
  en: 'Stored only as an argon2id hash, which is not exported.',
} as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The account itself: registered first, so it is erased last (after every feature unlinked its rows). */
export function accountPersonalData(accounts: AccountStore, tenants: TenantStore): PersonalDataEntry {
  return {
    name: 'account',
    tables: ['accounts', 'profiles', 'sessions', 'auth_codes', 'staff_memberships'],
    async export(accountId) {
      const account = await accounts.get(accountId);
      if (!account) return null;
      const [profile, sessions, memberships, codes] = await Promise.all([
        accounts.getProfile(accountId),
        accounts.listSessions(accountId),
        tenants.staffMemberships(accountId),
        accounts.listAuthCodes(accountId),
      ]);
      return {
        id: account.id,
        email: account.email,
        emailVerifiedAt: iso(account.emailVerifiedAt),
        locale: account.locale,
        restrictedAt: iso(account.restrictedAt),
        objectedAt: iso(account.objectedAt),
        createdAt: iso(account.createdAt),
        updatedAt: iso(account.updatedAt),
        // In the account's language: the citizen reads this file, not a developer.
        passwordNote: PASSWORD_NOTE[account.locale],
        profile,
        // Metadata only: the tokens themselves are never stored.
        sessions: sessions.map((s) => ({
          createdAt: iso(s.createdAt),
          expiresAt: iso(s.expiresAt),
          lastUsedAt: iso(s.lastUsedAt),
          persistent: s.persistent,
          staff: s.staff,
        })),
        // Without their hash: even hashed, a live code's value is a secret, not the citizen's data.
        codes: codes.map((c) => ({
          purpose: c.purpose,
          email: c.email,
          failedAttempts: c.failedAttempts,
          createdAt: iso(c.createdAt),
          expiresAt: iso(c.expiresAt),
          usedAt: iso(c.usedAt),
          revokedAt: iso(c.revokedAt),
        })),
        staffOf: memberships.map((m) => ({ tenant: m.tenantId, role: m.role, since: iso(m.createdAt) })),
      };
    },
    async erase(accountId) {
      await tenants.removeStaffMemberships(accountId);
      await accounts.deleteSessions(accountId);
      await accounts.delete(accountId);
    },
  };
}
