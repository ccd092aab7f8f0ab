import { randomUUID } from 'node:crypto';
import { DAY, type Clock } from '../clock.ts';
import type { StuffingPolicy } from '../consultations/consultations.store.ts';
import { fail } from '../errors.ts';
import { TRACE_RETENTION, type StuffingService } from '../stuffing/stuffing.service.ts';
import {
  CONSENT_TRACE_KIND,
  type ConsentAction,
  type ConsentLocale,
  type ConsentRecord,
  type ConsentRecordWithTrace,
  type ConsentStore,
} from './consent.store.ts';

/**
 * How long a proof of consent is kept: a choice stays in force 13 months at most (the banner caps its
 * cookie there), and the tenant may have to show it for a year after that.
 */
export const CONSENT_PROOF_RETENTION = (13 * 30 + 365) * DAY;

/**
 * Consent records are not ballots: nothing is refused, but a flood from one address or network (a script
 * filling the table) is flagged. Generous caps, because a town hall or a mobile carrier shares addresses.
 */
export const CONSENT_STUFFING_POLICY: StuffingPolicy = {
  requireVerifiedEmail: false,
  perIp: { max: 60, windowMinutes: 60 },
  perPrefix: { max: 600, windowMinutes: 60 },
};

export const consentScope = (tenantId: string) => `consent:${tenantId}`;

export interface RecordConsentInput {
  tenantId: string;
  consentId: string;
  action: ConsentAction;
  choices: Record<string, boolean>;
  configVersion: string;
  textHash: string;
  locale: ConsentLocale;
  pageOrigin: string | null;
  accountId: string | null;
  ip: string;
}

/** A record as the visitor (or the account export) sees it. */
export function presentConsentRecord(record: ConsentRecordWithTrace) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    recordedAt: iso(record.createdAt),
    action: record.action,
    choices: record.choices,
    configVersion: record.configVersion,
    textHash: record.textHash,
    locale: record.locale,
    pageOrigin: record.pageOrigin,
    linkedToAccount: record.accountId !== null,
    quarantined: record.quarantined,
    ipTrace: record.ipTrace && {
      addressHash: record.ipTrace.ipHash.toString('hex'),
      networkHash: record.ipTrace.prefixHash.toString('hex'),
      erasedAfter: iso(record.ipTrace.createdAt + TRACE_RETENTION),
    },
    erasedAfter: iso(record.createdAt + CONSENT_PROOF_RETENTION),
  };
}

/**
 * Proof of cookie consent. Each choice made in the banner is one record under the visitor's random consent
 * id — the first choice, later changes and withdrawals form its history. The address is kept only as the
 * anti-stuffing keyed hashes (erased after 90 days). A visitor without an account reads and erases their
 * records with the consent id alone: holding the cookie is the proof of being that visitor.
 */
export class ConsentService {
  constructor(
    private readonly store: ConsentStore,
    private readonly stuffing: StuffingService,
    private readonly clock: Clock,
  ) {}

  async record(input: RecordConsentInput): Promise<ConsentRecord> {
    const scope = consentScope(input.tenantId);
    const fingerprint = await this.stuffing.fingerprint(input.ip);
    const verdict = await this.stuffing.assess(scope, CONSENT_TRACE_KIND, CONSENT_STUFFING_POLICY, fingerprint);
    const record: ConsentRecord = {
      id: randomUUID(),
      tenantId: input.tenantId,
      consentId: input.consentId,
      accountId: input.accountId,
      action: input.action,
      choices: input.choices,
      configVersion: input.configVersion,
      textHash: input.textHash,
      locale: input.locale,
      pageOrigin: input.pageOrigin,
      quarantined: verdict.status === 'quarantined',
      createdAt: this.clock.now(),
    };
    const trace = this.stuffing.trace(fingerprint, { scope, kind: CONSENT_TRACE_KIND, id: record.id, accountId: input.accountId });
    await this.store.insert(record, trace);
    return record;
  }

  /**
   * The visitor's records (access, portability); not found when there are none. A record linked to an account
   * is shown only to that account's session (`viewer`): the consent id alone, a cookie, is not enough for it.
   */
  async history(tenantId: string, consentId: string, viewer: string | null): Promise<ConsentRecordWithTrace[]> {
    const records = await this.store.listByConsentId(tenantId, consentId, viewer);
    if (records.length === 0) throw fail.notFound('consent');
    return records;
  }

  /** Erasure: the records and their traces are gone; not found when there were none. */
  async erase(tenantId: string, consentId: string, viewer: string | null): Promise<void> {
    if ((await this.store.deleteByConsentId(tenantId, consentId, viewer)) === 0) throw fail.notFound('consent');
  }

  /** The retention step: proofs older than `CONSENT_PROOF_RETENTION` are erased. */
  async eraseExpired(): Promise<number> {
    return this.store.deleteBefore(this.clock.now() - CONSENT_PROOF_RETENTION);
  }
}
