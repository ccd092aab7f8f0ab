import { html, type TemplateResult } from 'lit';
import type { Consultation } from '../core/api-types.ts';
import type { ConsoleContext } from './console-context.ts';

/** The kinds whose results are counted: votes, budgets, surveys. */
export const COUNTED_KINDS: readonly string[] = ['vote', 'budget', 'survey'];
/** The kinds whose participations the caps may hold back: those, and supports of proposals. */
export const QUARANTINED_KINDS: readonly string[] = [...COUNTED_KINDS, 'proposals'];

/**
 * The "which consultation" select of the screens that look at one consultation at a time (quarantine, results):
 * the list read again on each visit, the choice kept between visits and screens.
 */
export class ConsultationPicker {
  consultations: Consultation[] = [];
  slug = '';
  readonly #ctx: ConsoleContext;

  readonly #kinds: readonly string[];

  /** `kinds`: the consultations this screen looks at (by default those whose participations are counted). */
  constructor(ctx: ConsoleContext, kinds: readonly string[] = COUNTED_KINDS) {
    this.#ctx = ctx;
    this.#kinds = kinds;
  }

  get current(): Consultation | undefined {
    return this.consultations.find((c) => c.slug === this.slug);
  }

  /** @throws RequestFailure */
  async load(): Promise<void> {
    const { consultations } = await this.#ctx.session().api.get<{ consultations: Consultation[] }>('consultations');
    this.consultations = consultations.filter((c) => this.#kinds.includes(c.kind));
    if (!this.current) this.slug = this.consultations[0]?.slug ?? '';
  }

  render(id: string, onChange: () => void): TemplateResult {
    return html`<div class="field">
      <label for=${id}>${this.#ctx.t().console.quarantine.consultation}</label>
      <select
        id=${id}
        @change=${(e: Event) => {
          this.slug = (e.target as HTMLSelectElement).value;
          onChange();
        }}
      >
        ${this.consultations.map((c) => html`<option value=${c.slug} ?selected=${c.slug === this.slug}>${c.title}</option>`)}
      </select>
    </div>`;
  }
}
