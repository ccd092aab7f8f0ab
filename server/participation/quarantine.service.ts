import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import type { ConsultationKind } from '../consultations/consultations.store.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import type { ParticipationStatus, ReviewDecision } from './participation.ts';

/** What staff see of a held-back participation: never an address, a hash or an account id. */
export interface QuarantineItem {
  id: string;
  /** The kinds the API lists today; a new kind adds its name here and in the schema. */
  kind: 'ballot' | 'surveyResponse';
  participant: 'account' | 'anonymous' | 'erased';
  reasons: string[];
  choice?: string[];
  district?: string | null;
  answers?: Record<string, unknown>;
  castAt: number;
  updatedAt: number;
}

/** A kind's side of the quarantine: its consultations, its held-back participations and their review. */
export interface QuarantineSource {
  consultationKinds: readonly ConsultationKind[];
  list(consultationId: string, afterId: number, limit: number): Promise<QuarantineItem[]>;
  quarantinedCount(consultationId: string): Promise<number>;
  review(consultationId: string, id: number, decision: ReviewDecision): Promise<{ id: number; status: ParticipationStatus }>;
}

export const participantKind = (p: { accountId: string | null; participantHash: Buffer | null }) =>
  p.accountId !== null ? 'account' : p.participantHash !== null ? 'anonymous' : 'erased';

/**
 * Staff review of participations the anti-stuffing caps (or a kind's own check) held back, whatever their
 * kind: each kind plugs in its `QuarantineSource`.
 */
export class QuarantineService {
  readonly #kinds: ConsultationKind[];

  constructor(
    private readonly sources: readonly QuarantineSource[],
    private readonly consultations: ConsultationCache,
  ) {
    this.#kinds = sources.flatMap((source) => source.consultationKinds);
  }

  async list(tenant: Tenant, slug: string, page: { after?: string; limit: number }) {
    const { consultation } = await this.consultations.load(tenant, slug, this.#kinds);
    const source = this.#source(consultation.kind);
    const items = await source.list(consultation.id, page.after === undefined ? 0 : Number(page.after), page.limit);
    const quarantined = await source.quarantinedCount(consultation.id);
    return { quarantined, items, next: items.length === page.limit ? items.at(-1)!.id : null };
  }

  async review(tenant: Tenant, slug: string, id: string, decision: ReviewDecision): Promise<{ id: string; status: ParticipationStatus }> {
    const { consultation } = await this.consultations.load(tenant, slug, this.#kinds);
    const reviewed = await this.#source(consultation.kind).review(consultation.id, Number(id), decision);
    return { id: String(reviewed.id), status: reviewed.status };
  }

  #source(kind: ConsultationKind): QuarantineSource {
    return this.sources.find((source) => source.consultationKinds.includes(kind))!;
  }
}
