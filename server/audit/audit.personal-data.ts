import type { PersonalDataEntry } from '../personal-data/registry.ts';
import type { Clock } from '../clock.ts';
import type { AuditStore } from './audit.store.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The actions an account did as staff. Export: each of them. Erasure: the rows stay (the collectivité must be
 * able to tell what was done) but no longer name the account: "former staff member #n", n the same for all of
 * one person's rows and never given to another.
 */
export function auditPersonalData(audit: AuditStore, clock: Clock): PersonalDataEntry {
  return {
    name: 'staffActions',
    tables: ['audit_events'],
    async export(accountId) {
      return (await audit.listByAccount(accountId)).map((e) => ({
        tenant: e.tenantId,
        role: e.role,
        action: e.action,
        target: e.target,
        before: e.before,
        after: e.after,
        at: iso(e.createdAt),
      }));
    },
    async erase(accountId) {
      await audit.anonymiseActor(accountId, clock.now());
    },
  };
}
