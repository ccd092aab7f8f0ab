import { auditEvent, type StaffActor } from '../audit/audit.service.ts';
import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/accounts.store.ts';
import type { Clock } from '../clock.ts';
import { DomainError, ErrorCode, fail } from '../errors.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import type { ConsultationCache } from './consultation-cache.ts';
import type { Consultation, ConsultationStore, SettingsParser } from './consultations.store.ts';

export type ConsultationStatus = 'upcoming' | 'open' | 'closed';

export function consultationStatus(consultation: Consultation, now: number): ConsultationStatus {
  if (now < consultation.opensAt) return 'upcoming';
  if (now >= consultation.closesAt) return 'closed';
  return 'open';
}

/**
 * The rules every participation obeys, whatever its kind: the consultation is open, and the participant is
 * one it accepts (an account when anonymity is not allowed, a verified email when the policy says so).
 */
export function assertCanParticipate(consultation: Consultation, account: Account | undefined, now: number): void {
  const status = consultationStatus(consultation, now);
  if (status === 'upcoming') {
    throw new DomainError(ErrorCode.consultationNotOpen, `This consultation opens on ${new Date(consultation.opensAt).toISOString()}`);
  }
  if (status === 'closed') throw new DomainError(ErrorCode.consultationClosed, 'This consultation is closed');
  if (!account && !consultation.allowAnonymous) {
    throw new DomainError(ErrorCode.accountRequired, 'Sign in to take part in this consultation');
  }
  if (account && consultation.stuffingPolicy.requireVerifiedEmail && !account.emailVerifiedAt) {
    throw new DomainError(ErrorCode.verifiedEmailRequired, 'Confirm your email address to take part in this consultation');
  }
  if (!account && consultation.stuffingPolicy.requireVerifiedEmail) {
    throw new DomainError(ErrorCode.accountRequired, 'Sign in with a confirmed email to take part in this consultation');
  }
}

/** What staff decide about a consultation; the rest (id, tenant, bookkeeping) the service fills in. */
export type ConsultationInput = Omit<Consultation, 'id' | 'tenantId' | 'purgedAt' | 'createdAt' | 'updatedAt'>;

function assertDates(c: { opensAt: number; closesAt: number; retentionEnd: number }): void {
  if (!(c.closesAt > c.opensAt)) throw fail.validation('closesAt', 'The closing date must come after the opening date');
  if (!(c.retentionEnd >= c.closesAt)) throw fail.validation('retentionEnd', 'The retention end cannot come before the closing date');
}

export class ConsultationService {
  constructor(
    private readonly consultations: ConsultationStore,
    private readonly clock: Clock,
    private readonly settings: SettingsParser,
    /** Participation services read consultations through it; edits here must reach them at once. */
    private readonly cache?: ConsultationCache,
  ) {}

  list(tenant: Tenant): Promise<Consultation[]> {
    return this.consultations.listByTenant(tenant.id);
  }

  async get(tenant: Tenant, slug: string): Promise<Consultation> {
    // Widgets read their consultation on every page view: the cache spares the database.
    const consultation = this.cache ? await this.cache.find(tenant, slug) : await this.consultations.getBySlug(tenant.id, slug);
    if (!consultation) throw new DomainError(ErrorCode.consultationNotFound, `No consultation "${slug}" for ${tenant.name}`);
    return consultation;
  }

  /** `actor`: the staff member (or the operator) creating it, recorded in the audit log in the same transaction. */
  async create(tenant: Tenant, input: ConsultationInput, actor?: StaffActor | 'operator'): Promise<Consultation> {
    assertDates(input);
    if (await this.consultations.getBySlug(tenant.id, input.slug)) {
      throw new DomainError(ErrorCode.conflict, `A consultation "${input.slug}" already exists`);
    }
    const now = this.clock.now();
    const consultation: Consultation = {
      ...input,
      settings: this.settings.parse(input.kind, input.settings),
      id: randomUUID(),
      tenantId: tenant.id,
      purgedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const event =
      actor &&
      auditEvent({ tenantId: tenant.id, actor, action: 'createConsultation', target: `consultation:${consultation.slug}`, after: consultation, at: now });
    await this.consultations.insert(consultation, event);
    return consultation;
  }

  async update(tenant: Tenant, slug: string, patch: Partial<Omit<ConsultationInput, 'kind'>>, actor?: StaffActor): Promise<Consultation> {
    // Read fresh, not from the cache: a change is applied to what is stored.
    const current = await this.consultations.getBySlug(tenant.id, slug);
    if (!current) throw new DomainError(ErrorCode.consultationNotFound, `No consultation "${slug}" for ${tenant.name}`);
    if (patch.slug && patch.slug !== slug && (await this.consultations.getBySlug(tenant.id, patch.slug))) {
      throw new DomainError(ErrorCode.conflict, `A consultation "${patch.slug}" already exists`);
    }
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const next: Consultation = { ...current, ...changes, updatedAt: this.clock.now() };
    assertDates(next);
    next.settings = this.settings.parse(next.kind, next.settings);
    const event =
      actor &&
      auditEvent({
        tenantId: tenant.id,
        actor,
        action: 'updateConsultation',
        target: `consultation:${slug}`,
        before: current,
        after: next,
        at: next.updatedAt,
      });
    await this.consultations.update(next, event);
    this.cache?.forget(tenant.id, slug);
    this.cache?.forget(tenant.id, next.slug);
    return next;
  }
}
