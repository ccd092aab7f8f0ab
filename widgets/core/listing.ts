import { html, type TemplateResult } from 'lit';
import { describedBy, errorNote, hintNote, requiredMark } from './choices.ts';
import type { CoreTranslation } from './i18n/fr.ts';

/**
 * What the widgets that list citizens' (or businesses') contributions share — `civ-proposals`, `civ-proposal-form`
 * and `civ-resource-board`: fields with a textarea or a select, a checkbox row, texts shown as text, labels in the
 * page's language, and the report form's strings. Copied into each of those chunks by the build
 * (see `rollup.config.ts`), as `core/choices.ts` is: a page holds one of them far more often than both.
 */

/** Options of a select or a list: `{id, label:{fr,en?}}` in the page's language. */
export const labelOf = (t: { lang: string }, l: { fr: string; en?: string }) => (t.lang === 'en' && l.en) || l.fr;

/** The filters a citizen chose, as the list's query string (empty ones left out; the API pages by 20). */
export function filterQuery(filters: Record<string, string>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  return query.toString();
}

/**
 * The list with the next page after it, each item once: a page sorted by something that moves (supports) may
 * bring back an item already shown, which stays where the citizen first saw it. Also returns the first item
 * that is new, for the focus.
 */
export function appendPage<T extends { id: string }>(items: readonly T[], page: readonly T[]): { items: T[]; first: T | undefined } {
  const shown = new Set(items.map((item) => item.id));
  const added = page.filter((item) => !shown.has(item.id));
  return { items: [...items, ...added], first: added[0] };
}

/** A select's options from labels keyed by the API's values (answers, sorts, flag reasons, kinds). */
export const entries = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export interface InputOptions {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: unknown;
  required?: boolean;
  multiline?: boolean;
  type?: string;
  /** A `<select>` with these options, the first standing for "nothing chosen". */
  options?: { value: string; label: string }[];
}

/**
 * A field laid out like `core/fields.ts`'s (label, hint, control, error, tied by `for` and `aria-describedby`),
 * with a textarea or a select: kept apart from `fields.ts`, as `civ-survey` keeps its own, so these pages do not
 * also load the chunk the fields share with `civ-account`.
 */
export function field(t: CoreTranslation, o: InputOptions): TemplateResult {
  const described = describedBy(o.hint && `${o.id}-hint`, o.error && `${o.id}-error`);
  const onInput = (event: Event) => o.onInput((event.target as HTMLInputElement).value);
  const invalid = Boolean(o.error);
  return html`<div class="field" part="field">
    <label for=${o.id} part="label">${o.label}${requiredMark(o.required)}</label>
    ${hintNote(o.id, o.hint)}
    ${
      o.options
        ? html`<select id=${o.id} part="input" aria-invalid=${invalid} aria-describedby=${described} @change=${onInput}>
            ${o.options.map((option) => html`<option value=${option.value} ?selected=${option.value === o.value}>${option.label}</option>`)}
          </select>`
        : o.multiline
          ? html`<textarea
              id=${o.id}
              part="input"
              rows="6"
              .value=${o.value}
              ?required=${o.required}
              aria-invalid=${invalid}
              aria-describedby=${described}
              @input=${onInput}
            ></textarea>`
          : html`<input
              id=${o.id}
              part="input"
              type=${o.type ?? 'text'}
              .value=${o.value}
              ?required=${o.required}
              aria-invalid=${invalid}
              aria-describedby=${described}
              @input=${onInput}
            />`
    }
    ${errorNote(o.id, o.error, t.common.errorPrefix)}
  </div>`;
}

/** A checkbox whose whole row is a 44 px target, with its hint. */
export function checkbox(id: string, label: string, hint: string, checked: boolean, onChange: (checked: boolean) => void): TemplateResult {
  return html`<div class="check" part="check">
    <input
      type="checkbox"
      id=${id}
      .checked=${checked}
      aria-describedby="${id}-hint"
      @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)}
    />
    <label for=${id}>${label}</label>
    <p class="hint" id="${id}-hint">${hint}</p>
  </div>`;
}

/** A web address in a contributor's text, up to a space; punctuation that ends a sentence is not part of it. */
const LINK = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)»])/;

/**
 * A contributor's text, always as text: Lit binds each piece as a text node, never as HTML, so a `<script>` or an
 * `onerror=` typed into it shows as typed. Only `https:` addresses become links (with `rel="nofollow ugc"`);
 * `http:`, `javascript:` and anything else stay plain text.
 */
export function richText(text: string): TemplateResult {
  return html`${text
    .split(LINK)
    .map((piece, i) => (i % 2 && piece.startsWith('https://') ? html`<a href=${piece} rel="nofollow ugc" target="_blank">${piece}</a>` : piece))}`;
}

/** The report form's strings (each widget words the question for what it lists), for `ListingElement`. */
export interface FlagStrings {
  flag: string;
  flagReason: string;
  flagSend: string;
  flagCancel: string;
  flagSignIn: string;
  reasons: Record<string, string>;
}
