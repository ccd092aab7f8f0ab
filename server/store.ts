import { createSqliteAuditStore, type AuditStore } from './audit/audit.store.ts';
import { createSqliteAccountStore, type AccountStore } from './accounts/accounts.store.ts';
import { createSqliteConsentStore, type ConsentStore } from './consent/consent.store.ts';
import { createSqliteConsultationStore, type ConsultationStore } from './consultations/consultations.store.ts';
import { checkpointTruncate, type Db } from './db/open.ts';
import { createSqliteRateLimitStore, type RateLimitStore } from './http/rate-limit.store.ts';
import { createSqliteOutboxStore, type OutboxStore } from './mail/outbox.store.ts';
import type { ParticipationStore } from './participation/participation.ts';
import { createSqliteParticipationStore } from './participation/participation.store.ts';
import { createSqliteProposalStore, type ProposalStore } from './proposals/proposals.store.ts';
import { createSqliteRightsStore, type RightsStore } from './rights/rights.store.ts';
import { createSqliteStatsStore, type StatsStore } from './stats/stats.store.ts';
import { createSqliteModerationStore, type ModerationStore } from './moderation/moderation.store.ts';
import { createSqliteTenantSettingsStore, type TenantSettingsStore } from './tenant-settings/tenant-settings.store.ts';
import { createSqliteResourceStore, type ResourceStore } from './resources/resources.store.ts';
import { createSqlitePartnerStore, type PartnerStore } from './tenants/partners.store.ts';
import { createSqliteStuffingStore, type StuffingStore } from './stuffing/stuffing.store.ts';
import { createSqliteSurveyStore, type SurveyStore } from './surveys/surveys.store.ts';
import { createSqliteTenantStore, type TenantStore } from './tenants/tenants.store.ts';
import { createSqliteBallotStore, type BallotStore } from './votes/votes.store.ts';

/**
 * Everything the services persist, one async interface per aggregate. The SQLite implementation below is the
 * only place with SQL; another implementation (PostgreSQL) must pass the same contract suite
 * (`store.contract.ts`).
 */
export interface Store {
  tenants: TenantStore;
  consultations: ConsultationStore;
  accounts: AccountStore;
  rateLimits: RateLimitStore;
  stuffing: StuffingStore;
  outbox: OutboxStore;
  rights: RightsStore;
  /** The one durable writer of every kind of participation, and their traces. */
  participations: ParticipationStore;
  ballots: BallotStore;
  surveys: SurveyStore;
  proposals: ProposalStore;
  stats: StatsStore;
  moderation: ModerationStore;
  tenantSettings: TenantSettingsStore;
  resources: ResourceStore;
  /** The partners tenants list on their resource boards (tenant configuration). */
  partners: PartnerStore;
  consent: ConsentStore;
  audit: AuditStore;
  /** Lists the tables that hold a link to an account, for the data-rights completeness check. */
  tablesLinkedToAccounts(): Promise<string[]>;
  /** Commits every pending participation, then closes the database. */
  close(): Promise<void>;
}

export function createSqliteStore(db: Db, options: { checkpointAttempts?: number } = {}): Store {
  const participations = createSqliteParticipationStore(db);
  const tablesLinked = db.prepare<[], { name: string }>(`
    SELECT DISTINCT m.name FROM sqlite_schema m
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND (
      EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'account_id')
      OR EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) f WHERE f."table" = 'accounts'))
    ORDER BY m.name`);
  return {
    tenants: createSqliteTenantStore(db),
    consultations: createSqliteConsultationStore(db),
    accounts: createSqliteAccountStore(db),
    rateLimits: createSqliteRateLimitStore(db),
    stuffing: createSqliteStuffingStore(db),
    outbox: createSqliteOutboxStore(db),
    rights: createSqliteRightsStore(db, () => checkpointTruncate(db, options.checkpointAttempts)),
    participations,
    ballots: createSqliteBallotStore(db, participations),
    surveys: createSqliteSurveyStore(db),
    proposals: createSqliteProposalStore(db),
    stats: createSqliteStatsStore(db),
    moderation: createSqliteModerationStore(db),
    tenantSettings: createSqliteTenantSettingsStore(db),
    resources: createSqliteResourceStore(db),
    partners: createSqlitePartnerStore(db),
    consent: createSqliteConsentStore(db),
    audit: createSqliteAuditStore(db),
    async tablesLinkedToAccounts() {
      return tablesLinked
        .all()
        .map((row) => row.name)
        .concat(['accounts']);
    },
    async close() {
      await participations.close();
      if (db.open) db.close();
    },
  };
}
