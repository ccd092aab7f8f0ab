import type { Clock } from '../clock.ts';
import { ConsultationErrorCode } from '../consultations/consultation-cache.ts';
import type { ConsultationService } from '../consultations/consultations.service.ts';
import { DomainError } from '../errors.ts';
import type { CsvCell, CsvTable } from '../http/csv.ts';
import type { Statistics, StatsService } from '../stats/stats.service.ts';
import type { SurveyService } from '../surveys/surveys.service.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import type { VoteService } from '../votes/votes.service.ts';

type VoteResults = ReturnType<typeof import('../votes/votes.service.ts').voteResults>;
type BudgetResults = ReturnType<typeof import('../votes/votes.service.ts').budgetResults>;
type SurveyResults = ReturnType<typeof import('../surveys/surveys.service.ts').surveyResults>;

export interface ResultsExport {
  consultation: string;
  exportedAt: number;
  results: VoteResults | BudgetResults | SurveyResults;
}

export interface StatisticsExport {
  consultation: string;
  exportedAt: number;
  statistics: Statistics;
}

const DIMENSION_LABELS: Record<keyof Statistics['dimensions'], string> = {
  ageBracket: 'Tranche d’âge',
  gender: 'Genre',
  city: 'Commune',
  quartier: 'Quartier',
  pcsGroup: 'Catégorie socio-professionnelle',
};

/**
 * What staff take away: a consultation's results and its representativeness statistics, read exactly as the API
 * serves them to staff (small cells suppressed as in getStatistics), as JSON or as a table for a spreadsheet.
 */
export class ExportService {
  constructor(
    private readonly consultations: ConsultationService,
    private readonly votes: VoteService,
    private readonly surveys: SurveyService,
    private readonly stats: StatsService,
    private readonly clock: Clock,
  ) {}

  /** Only staff who read the staff views reach it (`exportResults` in STAFF_OPERATIONS): the staff view of the results. */
  async results(tenant: Tenant, slug: string): Promise<ResultsExport> {
    const consultation = await this.consultations.getAsStaff(tenant, slug);
    const exportedAt = this.clock.now();
    if (consultation.kind === 'vote' || consultation.kind === 'budget') {
      return { consultation: slug, exportedAt, results: await this.votes.results(tenant, slug, { staffView: true }) };
    }
    if (consultation.kind === 'survey') return { consultation: slug, exportedAt, results: await this.surveys.results(tenant, slug, true) };
    throw new DomainError(ConsultationErrorCode.kindMismatch, `"${slug}" is a ${consultation.kind} consultation: it has no results to export`);
  }

  async statistics(tenant: Tenant, slug: string): Promise<StatisticsExport> {
    return { consultation: slug, exportedAt: this.clock.now(), statistics: await this.stats.statistics(tenant, slug) };
  }
}

/** The results as one table: a row per option, project or answer value, each with the consultation and the date. */
export function resultsTable({ consultation, exportedAt, results }: ResultsExport): CsvTable {
  const lead: CsvCell[] = [consultation, { date: exportedAt }];
  if ('kind' in results && results.kind === 'budget') {
    return {
      header: ['Consultation', 'Arrêté au', 'Quartier', 'Budget (€)', 'Projet', 'Titre', 'Coût (€)', 'Votes', 'Part', 'Financé'],
      rows: results.districts.flatMap((d) => d.projects.map((p) => [...lead, d.name, d.budget, p.id, p.title, p.cost, p.votes, p.share, p.funded])),
    };
  }
  if ('kind' in results && results.kind === 'vote') {
    const ranking = results.mode === 'ranking';
    return {
      header: ['Consultation', 'Arrêté au', 'Option', 'Libellé', 'Votes', 'Part', 'Rang', ...(ranking ? ['Premiers choix', 'Points Borda'] : [])],
      rows: results.options.map((o) => [
        ...lead,
        o.id,
        o.label,
        o.votes,
        o.share,
        o.rank,
        ...(ranking ? [(o as { firstPreferences?: number }).firstPreferences ?? 0, (o as { bordaPoints?: number }).bordaPoints ?? 0] : []),
      ]),
    };
  }
  const survey = results as SurveyResults;
  const rows: CsvCell[][] = [];
  for (const q of survey.questions) {
    const head = [...lead, q.id, q.label];
    if ('options' in q && q.options) for (const o of q.options) rows.push([...head, o.id, o.label, o.count, o.share]);
    else if ('distribution' in q && q.distribution)
      for (const d of q.distribution) rows.push([...head, d.value, null, d.count, q.answered === 0 ? 0 : Math.round((d.count / q.answered) * 10_000) / 10_000]);
    // Free text stays out of a file that travels: only how many answered.
    else rows.push([...head, null, 'Réponses libres', q.answered, null]);
  }
  return { header: ['Consultation', 'Arrêté au', 'Question', 'Intitulé', 'Réponse', 'Libellé', 'Nombre', 'Part'], rows };
}

/** The statistics as one table: a row per cell and a total per dimension; a suppressed count is an empty cell. */
export function statisticsTable({ consultation, exportedAt, statistics }: StatisticsExport): CsvTable {
  const lead: CsvCell[] = [consultation, { date: exportedAt }];
  const rows: CsvCell[][] = [[...lead, 'Participations', null, 'Participations comptées', statistics.participants]];
  for (const [key, dimension] of Object.entries(statistics.dimensions) as [
    keyof Statistics['dimensions'],
    Statistics['dimensions'][keyof Statistics['dimensions']],
  ][]) {
    for (const cell of dimension.cells) rows.push([...lead, DIMENSION_LABELS[key], cell.value, cell.label, cell.count]);
    rows.push([...lead, DIMENSION_LABELS[key], 'total', 'Total renseigné', dimension.total]);
  }
  return { header: ['Consultation', 'Arrêté au', 'Dimension', 'Valeur', 'Libellé', 'Effectif'], rows };
}
