import type { Clock } from '../clock.ts';
import type { Consultation, ConsultationKind, ConsultationStore, SettingsParser } from './consultations.store.ts';
import { DomainError, ErrorCode, type ErrorStatuses } from '../errors.ts';
import type { Tenant } from '../tenants/tenants.store.ts';

/** Long enough to spare the database during a surge; staff edits through ConsultationService apply at once (`forget`). */
const TTL_MS = 2_000;
const MAX_ENTRIES = 5_000;

export const ConsultationErrorCode = {
  kindMismatch: 'consultation_kind_mismatch',
  notConfigured: 'consultation_not_configured',
  hasParticipations: 'consultation_has_participations',
  notOpenYet: 'consultation_not_open_yet',
} as const;

/** Consultations' own error codes and their status (the shared ones are in `errors.ts`). */
export const consultationErrorStatuses: ErrorStatuses = {
  [ConsultationErrorCode.kindMismatch]: 409,
  [ConsultationErrorCode.notConfigured]: 409,
  [ConsultationErrorCode.hasParticipations]: 409,
  [ConsultationErrorCode.notOpenYet]: 409,
};

export interface LoadedConsultation<S> {
  consultation: Consultation;
  /** The settings parsed by the kind's schema (defaults filled in). */
  settings: S;
}

interface Entry {
  consultation: Consultation | undefined;
  settings?: unknown;
  settingsError?: DomainError;
  at: number;
}

/**
 * Consultations with their parsed settings, kept a couple of seconds in memory: every ballot reads its
 * consultation, and parsing the settings once per refresh keeps zod off the hot path (like TenantDirectory).
 *
 * @example
 * const { consultation, settings } = await cache.load<VoteSettings>(tenant, 'vote-marche', ['vote']);
 */
export class ConsultationCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly store: ConsultationStore,
    private readonly clock: Clock,
    /** Each kind's settings parser: the kinds' schemas live in their own features. */
    private readonly settings: SettingsParser,
  ) {}

  /** @throws `consultation_not_found`, `consultation_kind_mismatch`, `consultation_not_configured` */
  async load<S>(tenant: Tenant, slug: string, kinds: readonly ConsultationKind[]): Promise<LoadedConsultation<S>> {
    const entry = await this.#entry(tenant, slug);
    const consultation = entry.consultation;
    if (!consultation) throw new DomainError(ErrorCode.consultationNotFound, `No consultation "${slug}" for ${tenant.name}`);
    if (!kinds.includes(consultation.kind)) {
      throw new DomainError(
        ConsultationErrorCode.kindMismatch,
        `"${slug}" is a ${consultation.kind} consultation; this operation is for ${kinds.join(' or ')} consultations`,
      );
    }
    if (entry.settings === undefined && entry.settingsError === undefined) {
      try {
        entry.settings = this.settings.parse(consultation.kind, consultation.settings);
      } catch {
        entry.settingsError = new DomainError(ConsultationErrorCode.notConfigured, `"${slug}" is not ready: its ${consultation.kind} settings are incomplete`);
      }
    }
    if (entry.settingsError) throw entry.settingsError;
    return { consultation, settings: entry.settings as S };
  }

  /** The consultation as stored (settings unparsed), or undefined. */
  async find(tenant: Tenant, slug: string): Promise<Consultation | undefined> {
    return (await this.#entry(tenant, slug)).consultation;
  }

  /** Drops a consultation from memory after staff changed it, so the change applies at once. */
  forget(tenantId: string, slug: string): void {
    this.#entries.delete(`${tenantId}/${slug}`);
  }

  async #entry(tenant: Tenant, slug: string): Promise<Entry> {
    const key = `${tenant.id}/${slug}`;
    const now = this.clock.now();
    const cached = this.#entries.get(key);
    if (cached && now - cached.at < TTL_MS && now >= cached.at) return cached;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    const entry: Entry = { consultation: await this.store.getBySlug(tenant.id, slug), at: now };
    this.#entries.set(key, entry);
    return entry;
  }
}
