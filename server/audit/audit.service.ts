import { DAY, type Clock } from '../clock.ts';
import type { StaffActor } from '../staff/roles.ts';

export type { StaffActor };
import type { AuditEvent, AuditStore, NewAuditEvent } from './audit.store.ts';

/** Audit events are kept one year, then the retention job deletes them. */
export const AUDIT_RETENTION = 365 * DAY;

const EMAIL = /([^\s@"<>(),;:]+)@([^\s@"<>(),;:]+\.[^\s@"<>(),;:]+)/g;
/** Keys whose values are people's names: kept as initials. */
const PERSON_NAME_KEYS = new Set(['firstName', 'lastName', 'fullName', 'displayName', 'pseudonym']);

const maskEmails = (text: string) => text.replace(EMAIL, (_, local: string, domain: string) => `${local[0]}***@${domain}`);
const initials = (name: string) =>
  name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => `${part[0].toUpperCase()}.`)
    .join(' ');

/**
 * The values an audit event keeps, with personal data masked: every email in any string becomes `a***@domain`,
 * and people's names (`firstName`, `lastName`, `pseudonym`…) their initials. The log says what changed without
 * becoming a second copy of citizens' data.
 *
 * @example
 * maskPersonalData({ email: 'camille@ville.fr', firstName: 'Camille' }); // { email: 'c***@ville.fr', firstName: 'C.' }
 */
export function maskPersonalData(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key && PERSON_NAME_KEYS.has(key) ? initials(value) : maskEmails(value);
  if (Array.isArray(value)) return value.map((item) => maskPersonalData(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPersonalData(v, k)]));
  }
  return value;
}

/** One event, masked, ready to be written (alone, or inside the action's own transaction). */
export function auditEvent(input: {
  tenantId: string | null;
  actor: StaffActor | 'operator';
  action: string;
  target: string | null;
  before?: unknown;
  after?: unknown;
  at: number;
}): NewAuditEvent {
  const staff = input.actor === 'operator' ? undefined : input.actor;
  return {
    tenantId: input.tenantId,
    accountId: staff?.accountId ?? null,
    actor: staff ? 'staff' : 'operator',
    role: staff?.role ?? null,
    action: input.action,
    target: input.target,
    before: maskPersonalData(input.before ?? null),
    after: maskPersonalData(input.after ?? null),
    createdAt: input.at,
  };
}

/** How an actor is named to staff reading the log, in French and English. */
export function actorLabel(event: Pick<AuditEvent, 'actor' | 'accountId' | 'formerStaffNumber'>): { fr: string; en: string } {
  if (event.actor === 'operator') return { fr: 'opérateur (ligne de commande)', en: 'operator (command line)' };
  if (event.actor === 'former_staff') {
    return { fr: `ancien membre du personnel n°${event.formerStaffNumber}`, en: `former staff member #${event.formerStaffNumber}` };
  }
  return { fr: `membre du personnel ${event.accountId}`, en: `staff member ${event.accountId}` };
}

export interface AuditQuery {
  actor?: string;
  target?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit: number;
}

/**
 * The audit log: who did what as staff or operator. Actions that are one SQL transaction write their event in it
 * (see `insertAuditEvent`); others record it here once they succeeded.
 */
export class AuditService {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
  ) {}

  /** Records an event on its own, now. */
  async record(input: Omit<Parameters<typeof auditEvent>[0], 'at'>): Promise<void> {
    await this.store.record(auditEvent({ ...input, at: this.clock.now() }));
  }

  /** A tenant's events, newest first; `next` is the cursor of the following page, null on the last. */
  async list(tenantId: string, query: AuditQuery): Promise<{ events: AuditEvent[]; next: string | null }> {
    const beforeId = query.cursor === undefined ? undefined : Number(query.cursor);
    const rows = await this.store.list({
      tenantId,
      actor: query.actor,
      target: query.target,
      from: query.from,
      to: query.to,
      beforeId,
      limit: query.limit + 1,
    });
    const events = rows.slice(0, query.limit);
    return { events, next: rows.length > query.limit ? String(events.at(-1)!.id) : null };
  }

  /** Deletes the events a year old or more (the retention job): each is kept one year, to the millisecond. */
  eraseExpired(): Promise<number> {
    return this.store.deleteUpTo(this.clock.now() - AUDIT_RETENTION);
  }
}
