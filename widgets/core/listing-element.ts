import { html, nothing, type TemplateResult } from 'lit';
import { entries, field, type FlagStrings } from './listing.ts';
import { ParticipationElement, type ParticipationStrings } from './participation-element.ts';

/**
 * What the elements that list contributions share beyond the consultation element — `civ-proposals` (with
 * `civ-proposal-form`) and `civ-resource-board`: no results of their own (what is listed is public once
 * published), the host page's fragment followed (a mailed link opened in the tab that already shows the page only
 * changes it), and the report to the shared moderation (`FlagContent`: a reason, required) — its "Signaler"
 * button, then its form as `#flag-reason`; each element sends it where its content lives (`sendFlag`).
 */
export abstract class ListingElement<S extends { resultsVisibility?: string }, T extends ParticipationStrings> extends ParticipationElement<S, T, never> {
  protected readonly resultsPath = '';
  protected readonly onHashChange = () => this.requestUpdate();
  /** The report form is open, with this reason chosen (or the error of none). */
  protected flagging = false;
  protected flagReason = '';
  protected flagError: string | undefined;

  /** Sends the report on what is on screen and closes the form (`flagging = false`) once it is taken; elements without reports leave it out. */
  protected sendFlag?(reason: string): Promise<unknown>;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  protected override resultsVisible(): boolean {
    return false;
  }

  protected flagButton(l: FlagStrings): TemplateResult | typeof nothing {
    return this.flagging
      ? nothing
      : html`<button type="button" class="secondary" aria-expanded="false" @click=${() => ((this.flagging = true), this.focusOn('#flag-reason'))}>
          ${l.flag}
        </button>`;
  }

  /** The report form (signed out, a focusable line saying to sign in instead). */
  protected flagForm(l: FlagStrings, signedIn: boolean): TemplateResult | typeof nothing {
    if (!this.flagging) return nothing;
    if (!signedIn) return html`<p class="notice" id="flag-reason" tabindex="-1" part="flag">${l.flagSignIn}</p>`;
    return html`<form
      class="flag"
      part="flag"
      @submit=${(event: Event) => {
        event.preventDefault();
        this.flagError = this.flagReason ? undefined : l.flagReason;
        if (this.flagError) this.focusOn('#flag-reason');
        else void this.sendFlag?.(this.flagReason);
      }}
    >
      ${field(this.t, {
        id: 'flag-reason',
        label: l.flagReason,
        value: this.flagReason,
        error: this.flagError,
        required: true,
        options: [{ value: '', label: '—' }, ...entries(l.reasons)],
        onInput: (value) => ((this.flagReason = value), this.requestUpdate()),
      })}
      <div class="actions">
        <button type="submit">${l.flagSend}</button>
        <button type="button" class="secondary" @click=${() => ((this.flagging = false), this.requestUpdate())}>${l.flagCancel}</button>
      </div>
    </form>`;
  }
}
