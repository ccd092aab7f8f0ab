import { PCS_GROUPS } from '../accounts/accounts.schemas.ts';
import { mayProcess } from '../accounts/processing.ts';
import type { Clock } from '../clock.ts';
import type { Tenant, TenantStore } from '../tenants/tenants.store.ts';
import type { ConsultationCache } from '../consultations/consultation-cache.ts';
import type { Consultation, ConsultationStore } from '../consultations/consultations.store.ts';
import type { HourCount, ProfileCount, ProfileDimension, StatsStore } from './stats.store.ts';

/** Cells counting fewer people than this are never published: no one can be singled out. */
export const MIN_CELL = 5;

export interface Cell {
  value: string;
  label: string;
  count: number;
}

export interface PublishedCell {
  value: string;
  label: string;
  /** null: suppressed. */
  count: number | null;
}

export interface PublishedDimension {
  /** People who gave this field; null when withheld. */
  total: number | null;
  cells: PublishedCell[];
}

/**
 * Small-cell suppression with complementary suppression, for one dimension published with its total.
 *
 * Primary: every cell with 1–4 people is suppressed. Complementary: a single suppressed cell could be recovered
 * as total − (published cells), and two suppressed cells summing to under 5 would still pin a tiny group; so
 * while fewer than two cells are suppressed, or the suppressed cells add up to fewer than 5 people, the
 * smallest published non-empty cell is suppressed too. We chose this over withholding the total because the
 * total (how many answered) is useful on its own and the complement costs only one more cell. When the
 * whole dimension counts fewer than 5 people, nothing of it is published. Empty cells stay 0: they single
 * no one out.
 *
 * @example
 * suppressSmallCells([{ value: 'a', label: 'A', count: 3 }, { value: 'b', label: 'B', count: 9 }, { value: 'c', label: 'C', count: 40 }]);
 * // { total: 52, cells: [a: null, b: null, c: 40] }: a alone could be computed as 52 − 9 − 40
 */
export function suppressSmallCells(cells: Cell[], min = MIN_CELL): PublishedDimension {
  const total = cells.reduce((sum, c) => sum + c.count, 0);
  if (total > 0 && total < min) return { total: null, cells: cells.map((c) => ({ ...c, count: null })) };
  const suppressed = new Set(cells.flatMap((c, i) => (c.count > 0 && c.count < min ? [i] : [])));
  const suppressedSum = () => [...suppressed].reduce((sum, i) => sum + cells[i].count, 0);
  while (suppressed.size > 0 && (suppressed.size === 1 || suppressedSum() < min)) {
    const next = cells
      .map((c, i) => ({ count: c.count, i }))
      .filter(({ count, i }) => count > 0 && !suppressed.has(i))
      .sort((a, b) => a.count - b.count || a.i - b.i)[0];
    if (!next) break;
    suppressed.add(next.i);
  }
  return { total, cells: cells.map((c, i) => ({ ...c, count: suppressed.has(i) ? null : c.count })) };
}

export const AGE_BRACKETS = [
  { value: 'under-18', label: 'Moins de 18 ans', max: 17 },
  { value: '18-24', label: '18 à 24 ans', max: 24 },
  { value: '25-34', label: '25 à 34 ans', max: 34 },
  { value: '35-49', label: '35 à 49 ans', max: 49 },
  { value: '50-64', label: '50 à 64 ans', max: 64 },
  { value: '65-plus', label: '65 ans et plus', max: Infinity },
] as const;

const GENDERS = [
  { value: 'female', label: 'Femme' },
  { value: 'male', label: 'Homme' },
  { value: 'other', label: 'Autre' },
];

/** Trimmed, single-spaced, NFC; the grouping key ignores case. */
const normalize = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');
const keyOf = (text: string) => normalize(text).toLocaleLowerCase('fr');

/**
 * Free-text values (cities, quartiers outside the tenant's list). A small group's very name would reveal that
 * someone from there took part, so groups under the minimum are merged, unnamed, into "other" first.
 */
function openEnded(counts: ProfileCount[], listed: readonly string[], otherLabel: string, min: number): Cell[] {
  const groups = new Map<string, { labels: Map<string, number>; count: number }>();
  for (const { value, count } of counts) {
    const label = normalize(String(value));
    const key = keyOf(label);
    const group = groups.get(key) ?? { labels: new Map(), count: 0 };
    group.count += count;
    group.labels.set(label, (group.labels.get(label) ?? 0) + count);
    groups.set(key, group);
  }
  const cells: Cell[] = listed.map((label) => {
    const group = groups.get(keyOf(label));
    groups.delete(keyOf(label));
    return { value: label, label, count: group?.count ?? 0 };
  });
  let other = 0;
  for (const group of groups.values()) {
    if (group.count < min) {
      other += group.count;
      continue;
    }
    const label = [...group.labels.entries()].sort((a, b) => b[1] - a[1])[0][0];
    cells.push({ value: label, label, count: group.count });
  }
  if (other > 0) cells.push({ value: 'other', label: otherLabel, count: other });
  return cells;
}

function ageCells(counts: ProfileCount[], referenceYear: number): Cell[] {
  const cells: Cell[] = AGE_BRACKETS.map((b) => ({ value: b.value, label: b.label, count: 0 }));
  for (const { value, count } of counts) {
    const age = referenceYear - Number(value);
    cells[AGE_BRACKETS.findIndex((b) => age <= b.max)].count += count;
  }
  return cells;
}

function fixedCells(counts: ProfileCount[], categories: { value: string; label: string }[]): Cell[] {
  return categories.map((c) => ({ ...c, count: counts.filter((r) => String(r.value) === c.value).reduce((sum, r) => sum + r.count, 0) }));
}

/** The collectivités' time zone: a day of participation is a day as the town hall lives it. */
export const TENANT_TIME_ZONE = 'Europe/Paris';

const HOUR = 3_600_000;

/**
 * Counted participations per local day, from the first day to the last with the empty days between (a chart
 * shows the gaps). Restricted and objecting accounts are left out, as from every statistic; small counts are
 * published: a day's count says nothing of who took part.
 *
 * @example
 * participationByDay([{ hour: Date.parse('2027-03-01T23:30:00Z') / 3_600_000 | 0, count: 2, restricted: false, objected: false }]);
 * // [{ day: '2027-03-02', count: 2 }]: 23:30 UTC is 00:30 in Paris
 */
export function participationByDay(hours: HourCount[], timeZone = TENANT_TIME_ZONE): { day: string; count: number }[] {
  const localDay = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const perDay = new Map<string, number>();
  for (const h of hours) {
    if (!mayProcess(h, 'statistics')) continue;
    const day = localDay.format(new Date(h.hour * HOUR));
    perDay.set(day, (perDay.get(day) ?? 0) + h.count);
  }
  const days = [...perDay.keys()].sort();
  if (days.length === 0) return [];
  const series: { day: string; count: number }[] = [];
  // Calendar days, counted in UTC so no clock change skips or repeats one.
  for (let d = Date.parse(`${days[0]}T00:00:00Z`), last = Date.parse(`${days.at(-1)}T00:00:00Z`); d <= last; d += 24 * HOUR) {
    const day = new Date(d).toISOString().slice(0, 10);
    series.push({ day, count: perDay.get(day) ?? 0 });
  }
  return series;
}

const STATISTICS_KINDS = ['vote', 'budget', 'survey'] as const;
export type Statistics = Awaited<ReturnType<StatsService['compute']>>;

/**
 * Representativeness of a consultation's participants, for its staff. Computed live from the profiles until
 * the retention end; at the retention end, just before the profiles are erased, the published form (small
 * cells already suppressed) is frozen and served from then on.
 */
export class StatsService {
  constructor(
    private readonly stats: StatsStore,
    private readonly consultations: ConsultationCache,
    private readonly tenants: TenantStore,
    private readonly consultationStore: ConsultationStore,
    private readonly clock: Clock,
  ) {}

  async statistics(tenant: Tenant, slug: string): Promise<Statistics> {
    const { consultation } = await this.consultations.load(tenant, slug, STATISTICS_KINDS);
    const frozen = (await this.stats.frozen(consultation.id)) as Statistics | undefined;
    // Frozen before the series existed: published without it.
    return frozen ? { ...frozen, participationByDay: frozen.participationByDay ?? [] } : this.compute(tenant, consultation);
  }

  /** Called by the retention job before the consultation's personal data is purged; idempotent. */
  async freeze(consultationId: string): Promise<void> {
    const consultation = await this.consultationStore.get(consultationId);
    if (!consultation || !(STATISTICS_KINDS as readonly string[]).includes(consultation.kind)) return;
    if ((await this.stats.frozen(consultationId)) !== undefined) return;
    const tenant = await this.tenants.get(consultation.tenantId);
    if (!tenant) return;
    await this.stats.freeze(consultationId, await this.compute(tenant, consultation), this.clock.now());
  }

  async compute(tenant: Tenant, consultation: Consultation) {
    const source = consultation.kind === 'survey' ? 'responses' : 'ballots';
    const { participants, counts } = await this.stats.profileCounts(consultation.id, source);
    const of = (dimension: ProfileDimension) => counts.filter((c) => c.dimension === dimension && mayProcess(c, 'statistics'));
    // Only the birth year is known: the age is the one reached during the consultation's opening year.
    const referenceYear = new Date(consultation.opensAt).getUTCFullYear();
    const pcs = Object.entries(PCS_GROUPS).map(([value, label]) => ({ value, label }));
    return {
      participants,
      minCellSize: MIN_CELL,
      ageReferenceYear: referenceYear,
      dimensions: {
        ageBracket: suppressSmallCells(ageCells(of('birthYear'), referenceYear)),
        gender: suppressSmallCells(fixedCells(of('gender'), GENDERS)),
        city: suppressSmallCells(openEnded(of('city'), [], 'Autres communes', MIN_CELL)),
        quartier: suppressSmallCells(openEnded(of('quartier'), tenant.quartiers, 'Autres quartiers', MIN_CELL)),
        pcsGroup: suppressSmallCells(fixedCells(of('pcsGroup'), pcs)),
      },
      participationByDay: participationByDay(await this.stats.participationsPerHour(consultation.id, source)),
    };
  }
}
