import type { Task } from '@lit/task';
import { html } from 'lit';
import type { CoreTranslation } from './i18n/fr.ts';
import { errorText } from './i18n/i18n.ts';

/**
 * The three renders of data loaded through `@lit/task` (which fetches when its arguments change, before
 * rendering — never inside `render()`): a polite "Chargement…", the error in plain words with a retry
 * button, or the data.
 *
 * @example
 * readonly #participations = new Task(this, {
 *   task: ([api], { signal }) => api.get<{ participations: Participation[] }>('me/participations', { signal }),
 *   args: () => [this.session!.api] as const,
 * });
 * render() { return renderTask(this.#participations, this.t, (list) => html`<ul>…</ul>`); }
 */
export function renderTask<A extends readonly unknown[], R>(task: Task<A, R>, t: CoreTranslation, complete: (value: R) => unknown): unknown {
  const loading = () => html`<p class="loading" role="status">${t.common.loading}</p>`;
  return task.render({
    initial: loading,
    pending: loading,
    complete,
    error: (error) =>
      html`<div class="notice error" part="notice">
        <p>${errorText(t, error)}</p>
        <button type="button" class="secondary" @click=${() => task.run()}>${t.common.retry}</button>
      </div>`,
  });
}
