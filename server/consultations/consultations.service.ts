import { auditEvent, type StaffActor } from '../audit/audit.service.ts';
import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/accounts.store.ts';
import { DAY, type Clock } from '../clock.ts';
import { DomainError, ErrorCode, fail } from '../errors.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import { ConsultationErrorCode, type ConsultationCache } from './consultation-cache.ts';
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
  // Archived before it opened: it never will.
  if (consultation.archivedAt) throw new DomainError(ErrorCode.consultationClosed, 'This consultation is closed');
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
export type ConsultationInput = Omit<Consultation, 'id' | 'tenantId' | 'purgedAt' | 'archivedAt' | 'createdAt' | 'updatedAt'>;

function assertDates(c: { opensAt: number; closesAt: number; retentionEnd: number }): void {
  if (!(c.closesAt > c.opensAt)) throw fail.validation('closesAt', 'The closing date must come after the opening date', 'closes_before_opens');
  if (!(c.retentionEnd >= c.closesAt)) throw fail.validation('retentionEnd', 'The retention end cannot come before the closing date', 'retention_before_close');
}

export class ConsultationService {
  constructor(
    private readonly consultations: ConsultationStore,
    private readonly clock: Clock,
    private readonly settings: SettingsParser,
    /** Participation services read consultations through it; edits here must reach them at once. */
    private readonly cache?: ConsultationCache,
    /** The tenant's default retention in days after closing (its settings), for consultations created without one. */
    private readonly defaultRetentionDays: (tenantId: string) => Promise<number | null> = async () => null,
  ) {}

  /** What the public list shows: archived consultations are left out. */
  async list(tenant: Tenant): Promise<Consultation[]> {
    return (await this.consultations.listByTenant(tenant.id)).filter((consultation) => !consultation.archivedAt);
  }

  /** The consultation as stored, for its staff (archived ones included), never from the cache. */
  async getAsStaff(tenant: Tenant, slug: string): Promise<Consultation> {
    const consultation = await this.consultations.getBySlug(tenant.id, slug);
    if (!consultation) throw new DomainError(ErrorCode.consultationNotFound, `No consultation "${slug}" for ${tenant.name}`);
    return consultation;
  }

  /**
   * Closes an open consultation now (its closing date becomes now); a closed one is left as it is. One not yet
   * open cannot be closed: change its dates, or delete it.
   */
  async close(tenant: Tenant, slug: string, actor?: StaffActor): Promise<Consultation> {
    const current = await this.getAsStaff(tenant, slug);
    const now = this.clock.now();
    const status = consultationStatus(current, now);
    if (status === 'closed') return current;
    if (status === 'upcoming') {
      throw new DomainError(ConsultationErrorCode.notOpenYet, `"${slug}" has not opened yet: change its dates, or delete it`);
    }
    return this.#save(tenant, slug, { ...current, closesAt: now, updatedAt: now }, actor && { actor, action: 'closeConsultation', before: current });
  }

  /**
   * Archives a consultation: out of the public list, no more participation (an open one closes now), its results
   * still read by staff. Archiving twice changes nothing.
   */
  async archive(tenant: Tenant, slug: string, actor?: StaffActor): Promise<Consultation> {
    const current = await this.getAsStaff(tenant, slug);
    if (current.archivedAt) return current;
    const now = this.clock.now();
    const closesAt = consultationStatus(current, now) === 'open' ? now : current.closesAt;
    return this.#save(
      tenant,
      slug,
      { ...current, closesAt, archivedAt: now, updatedAt: now },
      actor && { actor, action: 'archiveConsultation', before: current },
    );
  }

  /**
   * Deletes a consultation nobody has taken part in (a ballot or survey response of any status, even rejected,
   * counts; a consent proof does not). After participation, it can only be archived: results stay accountable.
   */
  async delete(tenant: Tenant, slug: string, actor?: StaffActor): Promise<void> {
    const current = await this.getAsStaff(tenant, slug);
    const event =
      actor && auditEvent({ tenantId: tenant.id, actor, action: 'deleteConsultation', target: `consultation:${slug}`, before: current, at: this.clock.now() });
    if (!(await this.consultations.deleteUnlessParticipated(current.id, event))) {
      throw new DomainError(
        ConsultationErrorCode.hasParticipations,
        `"${slug}" has participations and cannot be deleted: archive it instead (it leaves the public list, its results stay readable by staff)`,
      );
    }
    this.cache?.forget(tenant.id, slug);
  }

  /** Stores the change, with its audit event in the same transaction when a staff member made it. */
  async #save(tenant: Tenant, slug: string, next: Consultation, audit?: { actor: StaffActor; action: string; before: Consultation }): Promise<Consultation> {
    const event =
      audit &&
      auditEvent({
        tenantId: tenant.id,
        actor: audit.actor,
        action: audit.action,
        target: `consultation:${slug}`,
        before: audit.before,
        after: next,
        at: next.updatedAt,
      });
    await this.consultations.update(next, event);
    this.cache?.forget(tenant.id, slug);
    this.cache?.forget(tenant.id, next.slug);
    return next;
  }

  async get(tenant: Tenant, slug: string): Promise<Consultation> {
    // Widgets read their consultation on every page view: the cache spares the database.
    const consultation = this.cache ? await this.cache.find(tenant, slug) : await this.consultations.getBySlug(tenant.id, slug);
    if (!consultation) throw new DomainError(ErrorCode.consultationNotFound, `No consultation "${slug}" for ${tenant.name}`);
    return consultation;
  }

  /** `actor`: the staff member (or the operator) creating it, recorded in the audit log in the same transaction. */
  async create(
    tenant: Tenant,
    given: Omit<ConsultationInput, 'retentionEnd'> & { retentionEnd?: number },
    actor?: StaffActor | 'operator',
  ): Promise<Consultation> {
    let retentionEnd = given.retentionEnd;
    if (retentionEnd === undefined) {
      const days = await this.defaultRetentionDays(tenant.id);
      if (days === null)
        throw fail.validation('retentionEnd', 'Give a retention end: this collectivité has no default retention in its settings', 'retention_required');
      retentionEnd = given.closesAt + days * DAY;
    }
    const input: ConsultationInput = { ...given, retentionEnd };
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

  /** `patch.kind`, when given, must be the consultation's own: a kind never changes. */
  async update(tenant: Tenant, slug: string, patch: Partial<ConsultationInput>, actor?: StaffActor): Promise<Consultation> {
    // Read fresh, not from the cache: a change is applied to what is stored.
    const current = await this.consultations.getBySlug(tenant.id, slug);
    if (!current) throw new DomainError(ErrorCode.consultationNotFound, `No consultation "${slug}" for ${tenant.name}`);
    if (patch.kind !== undefined && patch.kind !== current.kind) {
      throw new DomainError(ConsultationErrorCode.kindMismatch, `"${slug}" is a ${current.kind} consultation; its kind cannot change`);
    }
    if (patch.slug && patch.slug !== slug && (await this.consultations.getBySlug(tenant.id, patch.slug))) {
      throw new DomainError(ErrorCode.conflict, `A consultation "${patch.slug}" already exists`);
    }
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const next: Consultation = { ...current, ...changes, updatedAt: this.clock.now() };
    assertDates(next);
    next.settings = this.settings.parse(next.kind, next.settings);
    return this.#save(tenant, slug, next, actor && { actor, action: 'updateConsultation', before: current });
  }
}
