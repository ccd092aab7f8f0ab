import { randomBytes } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { Clock } from '../clock.ts';
import { DomainError, ErrorCode, fail, type ErrorStatuses } from '../errors.ts';
import { PartnerInput, PartnerPatch, presentPartner } from './partners.schemas.ts';
import type { Partner, PartnerStore } from './partners.store.ts';

export const PartnerErrorCode = { notFound: 'partner_not_found' } as const;
export const partnerErrorStatuses: ErrorStatuses = { [PartnerErrorCode.notFound]: 404 };

/** A change of a tenant's partners, for the audit log; the partner's address is never written there (admins read the log). */
export interface PartnerChangeEvent {
  tenantId: string;
  action: 'partners add' | 'partners update' | 'partners remove';
  target: string;
  before: unknown;
  after: unknown;
}

const newId = () => randomBytes(9).toString('base64url');

/** The first issue of a failed parse, as the one error shape (the command line prints its path too). */
function parsed<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new DomainError(ErrorCode.validationFailed, 'Invalid partner', {
    issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** What the audit log keeps of a partner: everything the API shows, and whether the address changed. */
const audited = (p: Partner | undefined, emailChanged = false) => p && { ...presentPartner(p), ...(emailChanged ? { emailChanged } : {}) };

/**
 * The partners a tenant lists on its resource boards, managed by its operator (`npm run civique -- partners`)
 * or its admins. Their address is tenant configuration: kept here, read by the board only to relay a message.
 */
export class PartnerService<Actor = 'operator'> {
  constructor(
    private readonly store: PartnerStore,
    private readonly clock: Clock,
    /** Records changes in the audit log, under whoever made them. */
    private readonly record?: (event: PartnerChangeEvent, actor: Actor) => Promise<void>,
  ) {}

  list(tenantId: string): Promise<Partner[]> {
    return this.store.list(tenantId);
  }

  async get(tenantId: string, id: string): Promise<Partner> {
    const partner = await this.store.get(tenantId, id);
    if (!partner) throw new DomainError(PartnerErrorCode.notFound, 'No such partner');
    return partner;
  }

  async add(tenantId: string, input: unknown, actor: Actor): Promise<Partner> {
    const valid = parsed(PartnerInput, input);
    const now = this.clock.now();
    const partner: Partner = {
      id: newId(),
      tenantId,
      name: valid.name,
      logoUrl: valid.logoUrl ?? null,
      helpsWith: valid.helpsWith,
      email: valid.email,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.save(partner);
    await this.record?.({ tenantId, action: 'partners add', target: `partner:${partner.id}`, before: null, after: audited(partner) }, actor);
    return partner;
  }

  /** Changes only what the patch names; `logoUrl: null` removes the logo. */
  async update(tenantId: string, id: string, patch: unknown, actor: Actor): Promise<Partner> {
    const valid = parsed(PartnerPatch, patch);
    if (Object.keys(valid).length === 0) throw fail.validation('', 'Nothing to change');
    const before = await this.get(tenantId, id);
    const next: Partner = {
      ...before,
      ...Object.fromEntries(Object.entries(valid).filter(([, v]) => v !== undefined)),
      updatedAt: this.clock.now(),
    };
    await this.store.save(next);
    await this.record?.(
      { tenantId, action: 'partners update', target: `partner:${id}`, before: audited(before), after: audited(next, next.email !== before.email) },
      actor,
    );
    return next;
  }

  async remove(tenantId: string, id: string, actor: Actor): Promise<void> {
    const before = await this.get(tenantId, id);
    await this.store.remove(tenantId, id);
    await this.record?.({ tenantId, action: 'partners remove', target: `partner:${id}`, before: audited(before), after: null }, actor);
  }
}
