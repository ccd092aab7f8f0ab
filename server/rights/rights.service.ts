import { randomUUID } from 'node:crypto';
import { DAY, type Clock } from '../clock.ts';
import type { Account } from '../accounts/accounts.store.ts';
import type { PasswordCheck } from '../accounts/password-check.ts';
import type { ConsultationStore } from '../consultations/consultations.store.ts';
import { DomainError, ErrorCode } from '../errors.ts';
import type { ErasureOptions, ParticipationSummary, PersonalDataRegistry } from '../personal-data/registry.ts';
import type { RightsRequestKind, RightsStore } from './rights.store.ts';

/** Enough to name and link a consultation in a citizen's list. */
export interface ConsultationRef {
  tenant: string;
  slug: string;
  title: string;
  kind: string;
}

/** GDPR art. 12(3): a request is answered within one month. */
const ANSWER_WITHIN = 30 * DAY;

/** One line of a collectivité's ledger of data-rights requests. */
export interface LedgerEntry {
  id: string;
  kind: RightsRequestKind;
  receivedAt: number;
  dueAt: number;
  completedAt: number | null;
  status: 'completed' | 'open' | 'overdue';
}

export interface ExportDocument {
  format: 'civique-export/1';
  exportedAt: string;
  /** Per consultation taken part in: what the citizen was told (purposes, recipients, retention). */
  consultations: {
    tenant: string;
    slug: string;
    title: string;
    purposes: string[];
    recipients: string[];
    retention: string;
    retentionEnd: string;
  }[];
  participations: ParticipationSummary[];
  [section: string]: unknown;
}

/**
 * The citizen's rights (GDPR art. 15–21) over everything the registry lists: access and portability as one
 * JSON document, erasure that leaves no byte of the account behind, and a dated log of each request.
 */
export class RightsService {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly rights: RightsStore,
    private readonly consultations: ConsultationStore,
    private readonly clock: Clock,
    /** The password typed again to delete the account counts against the sign-in limits. */
    private readonly passwords: PasswordCheck,
    /** Where an erasure that could not finish is reported (the server log). */
    private readonly alert: (line: string) => void = (line) => console.error(line),
  ) {}

  /** Logs a request that is carried out at once (rectification, restriction, objection…), made through `tenantId`. */
  async log(accountId: string, kind: RightsRequestKind, tenantId: string | null): Promise<void> {
    const now = this.clock.now();
    await this.rights.insert({ id: randomUUID(), accountId, tenantId, kind, receivedAt: now, dueAt: now + ANSWER_WITHIN, completedAt: now });
  }

  /**
   * A request received by letter or mail and typed in by the operator: logged open, due in one month like a
   * self-service one, until it is answered.
   */
  async intake(accountId: string, kind: RightsRequestKind, tenantId: string): Promise<{ id: string; receivedAt: number; dueAt: number }> {
    const now = this.clock.now();
    const request = { id: randomUUID(), accountId, tenantId, kind, receivedAt: now, dueAt: now + ANSWER_WITHIN, completedAt: null };
    await this.rights.insert(request);
    return request;
  }

  /**
   * The ledger of the requests made through a collectivité (its widgets, or the operator's intake for it), newest
   * first: kind, received, due (one month, art. 12(3)) and whether it is done, open or overdue. No one's address:
   * the ledger is for keeping the deadlines.
   */
  async ledger(tenantId: string, limit = 500): Promise<LedgerEntry[]> {
    const now = this.clock.now();
    return (await this.rights.listForTenant(tenantId, limit)).map((r) => ({
      id: r.id,
      kind: r.kind,
      receivedAt: r.receivedAt,
      dueAt: r.dueAt,
      completedAt: r.completedAt,
      status: r.completedAt !== null ? 'completed' : now > r.dueAt ? 'overdue' : 'open',
    }));
  }

  /** The collectivité's consultations whose personal data is erased within `days` (their retention end), soonest first. */
  async retentionEndsAhead(tenantId: string, days: number): Promise<{ slug: string; title: string; kind: string; retentionEnd: number }[]> {
    const now = this.clock.now();
    return (await this.consultations.listByTenant(tenantId))
      .filter((c) => c.purgedAt === null && c.retentionEnd >= now && c.retentionEnd <= now + days * DAY)
      .sort((a, b) => a.retentionEnd - b.retentionEnd)
      .map((c) => ({ slug: c.slug, title: c.title, kind: c.kind, retentionEnd: c.retentionEnd }));
  }

  async participations(accountId: string): Promise<ParticipationSummary[]> {
    const lists = await Promise.all(this.registry.entries.map((entry) => entry.participations?.(accountId) ?? []));
    return lists.flat().sort((a, b) => b.at - a.at);
  }

  /** "Mes participations", each with the consultation it belongs to, so the citizen can recognise it. */
  async participationsWithConsultations(accountId: string): Promise<(ParticipationSummary & { consultation: ConsultationRef | null })[]> {
    const list = await this.participations(accountId);
    const refs = new Map<string, ConsultationRef | null>();
    for (const id of new Set(list.map((p) => p.consultationId))) {
      const c = await this.consultations.get(id);
      refs.set(id, c ? { tenant: c.tenantId, slug: c.slug, title: c.title, kind: c.kind } : null);
    }
    return list.map((p) => ({ ...p, consultation: refs.get(p.consultationId) ?? null }));
  }

  async export(account: Account, tenantId: string | null): Promise<ExportDocument> {
    await this.log(account.id, 'access', tenantId);
    const participations = await this.participations(account.id);
    const consultationIds = [...new Set(participations.map((p) => p.consultationId))];
    const consultations = (await Promise.all(consultationIds.map((id) => this.consultations.get(id))))
      .filter((c) => c !== undefined)
      .map((c) => ({
        tenant: c.tenantId,
        slug: c.slug,
        title: c.title,
        purposes: c.privacyNotice.purposes,
        recipients: c.privacyNotice.recipients,
        retention: c.privacyNotice.retention,
        retentionEnd: new Date(c.retentionEnd).toISOString(),
      }));
    const document: ExportDocument = {
      format: 'civique-export/1',
      exportedAt: new Date(this.clock.now()).toISOString(),
      consultations,
      participations,
    };
    for (const entry of this.registry.entries) document[entry.name] = await entry.export(account.id);
    return document;
  }

  /**
   * Irreversible. Every feature erases its part (contributions are unlinked, not destroyed), the account row
   * goes last, and the WAL is checkpointed and truncated so the erased rows survive in neither file.
   */
  async deleteAccount(account: Account, password: string, ip: string, options: ErasureOptions = {}, tenantId: string | null = null): Promise<void> {
    if (!(await this.passwords.verify({ email: account.email, passwordHash: account.passwordHash, password, ip }))) {
      throw new DomainError(ErrorCode.wrongPassword, 'Password is incorrect', {
        issues: [{ path: 'password', message: 'Password is incorrect', code: 'wrong_password' }],
      });
    }
    const now = this.clock.now();
    const requestId = randomUUID();
    await this.rights.insert({
      id: requestId,
      accountId: account.id,
      tenantId,
      kind: 'erasure',
      receivedAt: now,
      dueAt: now + ANSWER_WITHIN,
      completedAt: null,
    });
    await this.#erase(account.id, requestId, options);
  }

  /**
   * Finishes erasures a crash interrupted (the request stays pending, linked to the account, until the last
   * step cut that link; every erase step is idempotent, so running them again is safe) and those whose WAL
   * truncation was given up (pending, no longer linked: only the truncation is left).
   */
  async resumeErasures(): Promise<number> {
    const pending = (await this.rights.listPending()).filter((r) => r.kind === 'erasure');
    for (const request of pending) {
      if (request.accountId !== null) await this.#erase(request.accountId, request.id);
      else await this.#truncate(request.id);
    }
    return pending.length;
  }

  async #erase(accountId: string, requestId: string, options: ErasureOptions = {}): Promise<void> {
    await this.registry.eraseAccount(accountId, options);
    await this.rights.unlinkAccount(accountId);
    await this.#truncate(requestId);
  }

  /**
   * The last step: no copy of the erased rows may stay in `-wal`. When a reader keeps the database busy too long
   * the request goes back to pending (the retention job retries it every hour) and the log says so loudly.
   */
  async #truncate(requestId: string): Promise<void> {
    await this.rights.complete(requestId, this.clock.now());
    try {
      await this.rights.compact();
    } catch (error) {
      await this.rights.reopen(requestId);
      this.alert(
        `[civique] ALERT erasure ${requestId}: the rows are erased but the WAL could not be truncated (${(error as Error).message}); ` +
          'the erasure stays pending and the retention job retries it every hour',
      );
    }
  }
}
