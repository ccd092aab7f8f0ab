import { readItem, removeItem, storageKey, writeItem } from './storage.ts';

/** What is kept of a form between page loads. */
export interface Draft<Values> {
  values: Values;
  /** When a submit failed without an answer (or the server could not take it): the form offers to retry. */
  failedAt?: number;
  savedAt: number;
}

/**
 * A form's values in localStorage, so that **input is never lost**: saved while the citizen types and when a
 * submit fails, restored on reload, erased when the submit succeeds (and on sign-out, with every draft of
 * the tenant). The key is per tenant, widget and form (and per account for signed-in forms). Never put a
 * password in a draft.
 *
 * @example
 * const drafts = new DraftStore<ProfileValues>('montjoli', 'account', 'profile', me.id);
 * drafts.save(values);            // on input
 * drafts.fail(values);            // the submit failed: keep, and offer a retry after reload
 * drafts.load()?.failedAt;        // on reload: restore values, show "Réessayer l'envoi"
 * drafts.clear();                 // the server took it
 */
export class DraftStore<Values extends object> {
  readonly key: string;

  constructor(tenant: string, widget: string, form: string, scope?: string) {
    this.key = storageKey(tenant, 'draft', widget, form, ...(scope ? [scope] : []));
  }

  load(): Draft<Values> | undefined {
    const stored = readItem('local', this.key);
    if (!stored) return undefined;
    try {
      const draft = JSON.parse(stored) as Draft<Values>;
      return draft && typeof draft.values === 'object' ? draft : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps the values while the citizen types; a failed submit stays marked until it succeeds. */
  save(values: Values): void {
    const failedAt = this.load()?.failedAt;
    this.#write({ values, savedAt: Date.now(), ...(failedAt ? { failedAt } : {}) });
  }

  fail(values: Values): void {
    this.#write({ values, savedAt: Date.now(), failedAt: Date.now() });
  }

  clear(): void {
    removeItem('local', this.key);
  }

  #write(draft: Draft<Values>): void {
    writeItem('local', this.key, JSON.stringify(draft));
  }
}
