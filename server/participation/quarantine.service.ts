import { createHmac } from 'node:crypto';
import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import type { ConsultationKind } from '../consultations/consultations.store.ts';
import { DomainError, type ErrorStatuses } from '../errors.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import type { ParticipationStatus, ParticipationStore, ReviewDecision } from './participation.ts';

/** What staff see of a held-back participation: never an address, a hash or an account id. */
export interface QuarantineItem {
  id: string;
  /** The kinds the API lists today; a new kind adds its name here and in the schema. */
  kind: 'ballot' | 'surveyResponse' | 'proposalSupport';
  participant: 'account' | 'anonymous' | 'erased';
  reasons: string[];
  choice?: string[];
  district?: string | null;
  answers?: Record<string, unknown>;
  /** A support's proposal. */
  proposal?: { id: string; title: string };
  castAt: number;
  updatedAt: number;
  /** Its network's opaque cluster label (see `QuarantineService`); null once its trace is erased. */
  cluster?: string | null;
}

/** A kind's side of the quarantine: its consultations, its held-back participations and their review. */
export interface QuarantineSource {
  consultationKinds: readonly ConsultationKind[];
  /** The kind's name in the anti-stuffing traces (`KindRows.kind`). */
  traceKind: string;
  list(consultationId: string, afterId: number, limit: number): Promise<QuarantineItem[]>;
  quarantinedCount(consultationId: string): Promise<number>;
  review(consultationId: string, id: number, decision: ReviewDecision): Promise<{ id: number; status: ParticipationStatus }>;
  /**
   * The results as staff read them now, and as they would be once these quarantined participations are decided
   * so, from the same counters and the same contribution rule the writer applies; nothing is written.
   */
  preview(tenant: Tenant, slug: string, ids: readonly number[], decision: ReviewDecision): Promise<{ before: unknown; after: unknown }>;
}

export const participantKind = (p: { accountId: string | null; participantHash: Buffer | null }) =>
  p.accountId !== null ? 'account' : p.participantHash !== null ? 'anonymous' : 'erased';

export const QuarantineErrorCode = { clusterNotFound: 'quarantine_cluster_not_found' } as const;

export const quarantineErrorStatuses: ErrorStatuses = { [QuarantineErrorCode.clusterNotFound]: 404 };

/** Enough to tell a consultation's networks apart, too short to be worth attacking. */
const CLUSTER_LABEL_LENGTH = 12;
const PAGE = 500;

export interface QuarantineCluster {
  cluster: string;
  count: number;
  firstAt: number;
  lastAt: number;
}

/**
 * Staff review of participations the anti-stuffing caps (or a kind's own check) held back, whatever their
 * kind: each kind plugs in its `QuarantineSource`.
 *
 * Participations from one network (the keyed hash of their IPv4 /24 or IPv6 /64, kept 90 days in their trace)
 * share an opaque cluster label, so staff can judge a school's or a stuffer's participations together. The label
 * is an HMAC of that hash under a key of the consultation's own: never the hash itself, so it cannot be matched
 * against traces or across consultations, and it disappears with the trace.
 */
export class QuarantineService {
  readonly #kinds: ConsultationKind[];

  constructor(
    private readonly sources: readonly QuarantineSource[],
    private readonly consultations: ConsultationCache,
    private readonly participations: ParticipationStore,
    /** The server's HMAC key; each consultation's cluster key is derived from it. */
    private readonly hmacKey: Buffer,
  ) {
    this.#kinds = sources.flatMap((source) => source.consultationKinds);
  }

  async list(tenant: Tenant, slug: string, page: { after?: string; limit: number }) {
    const { consultation } = await this.consultations.load(tenant, slug, this.#kinds);
    const source = this.#source(consultation.kind);
    const items = await this.#labelled(
      consultation.id,
      source,
      await source.list(consultation.id, page.after === undefined ? 0 : Number(page.after), page.limit),
    );
    const quarantined = await source.quarantinedCount(consultation.id);
    return { quarantined, items, next: items.length === page.limit ? items.at(-1)!.id : null };
  }

  async review(tenant: Tenant, slug: string, id: string, decision: ReviewDecision): Promise<{ id: string; status: ParticipationStatus }> {
    const { consultation } = await this.consultations.load(tenant, slug, this.#kinds);
    const reviewed = await this.#source(consultation.kind).review(consultation.id, Number(id), decision);
    return { id: String(reviewed.id), status: reviewed.status };
  }

  /** The consultation's clusters, largest first, and how many quarantined participations have no trace left. */
  async clusters(tenant: Tenant, slug: string): Promise<{ clusters: QuarantineCluster[]; unclustered: number }> {
    const { consultation } = await this.consultations.load(tenant, slug, this.#kinds);
    const items = await this.#all(consultation.id, this.#source(consultation.kind));
    const byLabel = new Map<string, QuarantineCluster>();
    let unclustered = 0;
    for (const item of items) {
      if (!item.cluster) {
        unclustered++;
        continue;
      }
      const cluster = byLabel.get(item.cluster) ?? { cluster: item.cluster, count: 0, firstAt: item.castAt, lastAt: item.castAt };
      cluster.count++;
      cluster.firstAt = Math.min(cluster.firstAt, item.castAt);
      cluster.lastAt = Math.max(cluster.lastAt, item.castAt);
      byLabel.set(item.cluster, cluster);
    }
    const clusters = [...byLabel.values()].sort((a, b) => b.count - a.count || a.firstAt - b.firstAt || a.cluster.localeCompare(b.cluster));
    return { clusters, unclustered };
  }

  /** What accepting or rejecting the whole cluster would do to the results; nothing is written. */
  async previewCluster(tenant: Tenant, slug: string, cluster: string, decision: ReviewDecision) {
    const { source, ids } = await this.#cluster(tenant, slug, cluster);
    const { before, after } = await source.preview(tenant, slug, ids, decision);
    return { cluster, decision, participationIds: ids.map(String), before, after };
  }

  /**
   * Accepts or rejects the cluster's quarantined participations, each through the participation writer's review
   * (its counters move in the same transaction). `participationIds`, from the preview, limits the review to what
   * staff saw: a participation that joined the cluster since waits for the next look.
   */
  async reviewCluster(tenant: Tenant, slug: string, cluster: string, decision: ReviewDecision, participationIds?: readonly string[]) {
    const { consultation, source, ids } = await this.#cluster(tenant, slug, cluster);
    const seen = participationIds && new Set(participationIds);
    const chosen = seen ? ids.filter((id) => seen.has(String(id))) : ids;
    // Submitted in one turn: the writer commits them together, each under its own review rule.
    const outcomes = await Promise.allSettled(chosen.map((id) => source.review(consultation.id, id, decision)));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected' && !(outcome.reason instanceof DomainError));
    if (failed) throw failed.reason;
    const reviewed = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    return { cluster, decision, reviewed, skipped: chosen.length - reviewed };
  }

  async #cluster(tenant: Tenant, slug: string, cluster: string) {
    const { consultation } = await this.consultations.load(tenant, slug, this.#kinds);
    const source = this.#source(consultation.kind);
    const ids = (await this.#all(consultation.id, source)).filter((item) => item.cluster === cluster).map((item) => Number(item.id));
    if (ids.length === 0) {
      throw new DomainError(
        QuarantineErrorCode.clusterNotFound,
        `No quarantined participation in cluster "${cluster}" (reviewed already, or its traces erased)`,
      );
    }
    return { consultation, source, ids };
  }

  async #all(consultationId: string, source: QuarantineSource): Promise<QuarantineItem[]> {
    const items: QuarantineItem[] = [];
    for (let after = 0; ;) {
      const page = await source.list(consultationId, after, PAGE);
      items.push(...page);
      if (page.length < PAGE) break;
      after = Number(page.at(-1)!.id);
    }
    return this.#labelled(consultationId, source, items);
  }

  async #labelled(consultationId: string, source: QuarantineSource, items: QuarantineItem[]): Promise<QuarantineItem[]> {
    const hashes = await this.participations.prefixHashes(
      source.traceKind,
      items.map((item) => Number(item.id)),
    );
    const key = createHmac('sha256', this.hmacKey).update(`quarantine-cluster\0${consultationId}`).digest();
    return items.map((item) => {
      const hash = hashes.get(Number(item.id));
      return { ...item, cluster: hash ? createHmac('sha256', key).update(hash).digest('base64url').slice(0, CLUSTER_LABEL_LENGTH) : null };
    });
  }

  #source(kind: ConsultationKind): QuarantineSource {
    return this.sources.find((source) => source.consultationKinds.includes(kind))!;
  }
}
