import type { ErasureLedger, ProposalsOnErasure } from './erasure-ledger.ts';
import { systemClock, type Clock } from '../clock.ts';
/** The data-protection rights a citizen exercises (GDPR articles 15–21), as logged. */
export const RIGHTS_REQUEST_KINDS = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability', 'withdrawal'] as const;
export type RightsRequestKind = (typeof RIGHTS_REQUEST_KINDS)[number];

/** One participation, as listed in "mes participations" and used to find the privacy notices that apply. */
export interface ParticipationSummary {
  kind: string;
  id: string;
  consultationId: string;
  at: number;
  status?: string;
}

/** What the citizen chose when deleting their account. */
export interface ErasureOptions {
  proposals?: ProposalsOnErasure;
}

/**
 * How one feature exports and erases the personal data it stores. Adding a feature that stores personal
 * data means adding one entry; `rights.test.ts` fails when a table linked to an account is in no entry.
 */
export interface PersonalDataEntry {
  /** Section name in the export (`account`, `ballots`, …). */
  name: string;
  /** The tables this entry answers for. */
  tables: string[];
  export(accountId: string): Promise<unknown>;
  /** Erases the account's personal data; contributions that stay are unlinked and anonymised. */
  erase(accountId: string, options?: ErasureOptions): Promise<void>;
  /** Erases one consultation's personal data when its retention end has passed. */
  purgeConsultation?(consultationId: string): Promise<void>;
  participations?(accountId: string): Promise<ParticipationSummary[]>;
}

/**
 * @example
 * registry.register({ name: 'ballots', tables: ['ballots'], export: …, erase: …, purgeConsultation: … });
 */
export class PersonalDataRegistry {
  readonly #entries: PersonalDataEntry[] = [];

  constructor(
    /** Where every erasure is recorded first, so that a restored backup can replay it (absent in tests on `:memory:`). */
    private readonly ledger?: ErasureLedger,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * The one way an account's personal data is erased: recorded in the erasure ledger, then every entry, the account
   * row last. `replay` (a restore replaying the ledger) does not record it again.
   */
  async eraseAccount(accountId: string, { replay = false, proposals }: { replay?: boolean } & ErasureOptions = {}): Promise<void> {
    if (!replay) this.ledger?.record('account', accountId, this.clock.now(), proposals ? { proposals } : {});
    for (const entry of this.erasureOrder()) await entry.erase(accountId, { proposals });
  }

  /** The one way a consultation's personal data is purged at its retention end; recorded like `eraseAccount`. */
  async purgeConsultation(consultationId: string, { replay = false } = {}): Promise<void> {
    if (!replay) this.ledger?.record('consultation', consultationId, this.clock.now());
    for (const entry of this.#entries) await entry.purgeConsultation?.(consultationId);
  }

  register(entry: PersonalDataEntry): void {
    if (this.#entries.some((e) => e.name === entry.name)) throw new Error(`personal-data entry "${entry.name}" registered twice`);
    this.#entries.push(entry);
  }

  get entries(): readonly PersonalDataEntry[] {
    return this.#entries;
  }

  coveredTables(): Set<string> {
    return new Set(this.#entries.flatMap((e) => e.tables));
  }

  /** Features registered after the account entry are erased before it: the account row goes last. */
  erasureOrder(): PersonalDataEntry[] {
    return [...this.#entries].reverse();
  }
}
