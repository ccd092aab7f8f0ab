import { html, type TemplateResult } from 'lit';
import type { DataExport, Me } from '../../core/api-types.ts';
import { heading } from '../../core/choices.ts';
import { emit, type AccountChange } from '../../core/events.ts';
import { checkboxField } from '../../core/fields.ts';
import type { FormController } from '../../core/form.ts';
import { errorText } from '../../core/i18n/i18n.ts';
import { saveFile } from '../../core/save-file.ts';
import { accountForm, PasswordFields, type AccountContext } from '../account-context.ts';
import type { DashboardTranslation } from './i18n/fr.ts';
import { requiredPassword } from '../validation.ts';

/** `attachment; filename="civique-mes-donnees-2027-03-01.json"` → the file name, if readable. */
function fileName(disposition: string | null): string | undefined {
  return /filename="?([^";]+)"?/.exec(disposition ?? '')?.[1];
}

/**
 * The data rights: download everything (access, portability), restriction and objection in plain words,
 * and deleting the account after a confirmation that says what it means.
 */
export class DataView {
  confirming = false;
  exporting = false;
  readonly remove: FormController<{ password: string; proposals: 'keep_anonymous' | 'delete' }, unknown>;
  readonly #ctx: AccountContext;
  readonly #d: () => DashboardTranslation;
  readonly #passwords: PasswordFields;

  constructor(ctx: AccountContext, strings: () => DashboardTranslation) {
    this.#ctx = ctx;
    this.#d = strings;
    this.#passwords = new PasswordFields(ctx);
    const t = () => ctx.t();
    this.remove = accountForm<{ password: string; proposals: 'keep_anonymous' | 'delete' }, unknown>(ctx, {
      id: 'delete',
      secret: ['password'],
      // The citizen's proposals stay published without author unless they ask for them to go with the account.
      initial: () => ({ password: '', proposals: 'keep_anonymous' }),
      validate: (v) => ({ password: requiredPassword(t(), v.password) }),
      submit: (v) => ctx.session().api.delete('me', { password: v.password, proposals: v.proposals }),
      onSuccess: () => {
        this.confirming = false;
        this.remove.reset();
        ctx.session().forget('deleted');
        emit(ctx.host, 'civ-account-deleted', {});
        emit(ctx.host, 'civ-session-changed', { signedIn: false });
        ctx.navigate('sign-in');
        ctx.notify('success', t().account.deleted, true);
      },
    });
  }

  async #export(): Promise<void> {
    if (this.exporting) return;
    const t = this.#ctx.t();
    this.exporting = true;
    this.#ctx.host.requestUpdate();
    try {
      const response = await this.#ctx.session().api.response('me/export');
      const text = await response.text();
      const document = JSON.parse(text) as DataExport;
      // Content-Disposition is only readable when the API exposes it to other origins; the name is rebuilt otherwise.
      const name = fileName(response.headers.get('Content-Disposition')) ?? `civique-mes-donnees-${document.exportedAt.slice(0, 10)}.json`;
      saveFile(name, new Blob([text], { type: 'application/json' }));
      this.#ctx.announce(this.#d().data.exported(name));
    } catch (error) {
      this.#ctx.notify('error', errorText(t, error), true);
    } finally {
      this.exporting = false;
      this.#ctx.host.requestUpdate();
    }
  }

  async #setRight(right: 'restricted' | 'objected', value: boolean): Promise<void> {
    const t = this.#ctx.t();
    const session = this.#ctx.session();
    try {
      session.setMe(await session.api.patch<Me>('me', { [right]: value }));
      emit(this.#ctx.host, 'civ-account-updated', { changes: [right satisfies AccountChange] });
      this.#ctx.announce(this.#d().data.rightsSaved);
    } catch (error) {
      // The checkbox follows `me` again, so it shows what the server holds.
      this.#ctx.notify('error', errorText(t, error), true);
    }
  }

  #confirm(open: boolean): void {
    this.confirming = open;
    if (!open) this.remove.reset();
    this.#ctx.host.requestUpdate();
    void this.#ctx.host.updateComplete.then(() => this.#ctx.host.shadowRoot?.querySelector<HTMLElement>(open ? '#delete-title' : '#delete-start')?.focus());
  }

  render(me: Me): TemplateResult {
    const t = this.#ctx.t();
    const d = this.#d().data;
    return html`${heading(this.#ctx.level(2), d.exportTitle)}
      <p>${d.exportIntro}</p>
      <div class="actions">
        <button type="button" part="export" aria-disabled=${this.exporting ? 'true' : 'false'} @click=${() => this.#export()}>
          ${this.exporting ? t.common.loading : d.exportButton}
        </button>
      </div>
      <fieldset>
        <legend>${d.rightsGroup}</legend>
        ${checkboxField({
          id: 'right-restricted',
          name: 'restricted',
          label: d.restricted,
          hint: d.restrictedHint,
          checked: me.restricted,
          onChange: (checked) => this.#setRight('restricted', checked),
        })}
        ${checkboxField({
          id: 'right-objected',
          name: 'objected',
          label: d.objected,
          hint: d.objectedHint,
          checked: me.objected,
          onChange: (checked) => this.#setRight('objected', checked),
        })}
      </fieldset>
      <div class="danger-zone" part="danger-zone">
        ${
          this.confirming
            ? this.#renderConfirm()
            : html`${heading(this.#ctx.level(2), d.deleteTitle)}
                <p>${d.deleteIntro}</p>
                <div class="actions">
                  <button type="button" id="delete-start" class="danger secondary" @click=${() => this.#confirm(true)}>${d.deleteStart}</button>
                </div>`
        }
      </div>`;
  }

  #renderConfirm(): TemplateResult {
    const t = this.#ctx.t();
    const d = this.#d().data;
    return html`${heading(this.#ctx.level(2), d.confirmTitle, 'delete-title')}
      <ul class="consequences">
        ${d.confirmText.map((line) => html`<li>${line}</li>`)}
      </ul>
      <form id="delete" novalidate part="form" @submit=${this.remove.onSubmit}>
        <fieldset part="group">
          <legend>${d.proposalsChoice}</legend>
          ${(['keep_anonymous', 'delete'] as const).map(
            (choice) =>
              html`<div class="check" part="check">
                <input
                  type="radio"
                  id="delete-proposals-${choice}"
                  name="proposals"
                  .checked=${this.remove.values.proposals === choice}
                  @change=${() => this.remove.set('proposals', choice)}
                />
                <label for="delete-proposals-${choice}">${d.proposals[choice]}</label>
              </div>`,
          )}
        </fieldset>
        ${this.#passwords.render(this.remove, 'password', d.confirmPassword, 'current-password')} ${this.remove.renderStatus()}
        <div class="actions">
          ${this.remove.renderSubmit(d.confirmSubmit, 'danger')}
          <button type="button" class="secondary" @click=${() => this.#confirm(false)}>${t.common.cancel}</button>
        </div>
      </form>`;
  }
}
