import { html, nothing, type TemplateResult } from 'lit';
import { titleLevel } from '../account-context.ts';
import { textField } from '../../core/fields.ts';
import type { FormController } from '../../core/form.ts';
import { LocaleController } from '../../core/i18n/i18n.ts';
import { accountForm, PasswordFields, type AccountContext } from '../account-context.ts';
import { emailProblem, newPasswordProblem } from '../validation.ts';
import { fr, type RecoveryTranslation } from './i18n/fr.ts';

/**
 * "Mot de passe oublié": the request for a link, and the form the mailed link opens
 * (`#civique-reset=<code>`, read by the element). A chunk of its own: most visits never need it.
 */
export class Recovery {
  /** The single-use code from the reset link. */
  resetCode: string | undefined;
  readonly forgot: FormController<{ email: string }, unknown>;
  readonly reset: FormController<{ newPassword: string }, unknown>;
  readonly #ctx: AccountContext;
  readonly #i18n: LocaleController<RecoveryTranslation>;
  readonly #passwords: PasswordFields;

  constructor(ctx: AccountContext) {
    this.#ctx = ctx;
    this.#i18n = new LocaleController(ctx.host, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });
    this.#passwords = new PasswordFields(ctx);
    const t = () => ctx.t();
    const r = () => this.#i18n.t;
    const api = () => ctx.session().api;

    this.forgot = accountForm(ctx, {
      id: 'forgot',
      draft: 'forgot',
      initial: () => ({ email: '' }),
      validate: (v) => ({ email: emailProblem(t(), v.email) }),
      submit: (v) => api().post('auth/password-reset-request', { email: v.email.trim(), returnUrl: ctx.returnUrl(), locale: t().lang }, { auth: false }),
      onSuccess: (_, v) => ctx.notify('success', r().forgot.done(v.email.trim()), true),
    });

    this.reset = accountForm(ctx, {
      id: 'reset',
      secret: ['newPassword'],
      initial: () => ({ newPassword: '' }),
      validate: (v) => ({ newPassword: newPasswordProblem(t(), v.newPassword) }),
      submit: (v) => api().post('auth/password-reset', { code: this.resetCode ?? '', newPassword: v.newPassword }, { auth: false }),
      onSuccess: () => {
        this.resetCode = undefined;
        this.reset.reset();
        // The server revoked every session of the account, this device's included.
        if (ctx.session().me) ctx.session().forget('signed-out');
        ctx.navigate('sign-in');
        ctx.notify('success', r().reset.done, true);
      },
    });
  }

  /** False while the English strings are on their way. */
  get ready(): boolean {
    return this.#i18n.ready;
  }

  render(view: 'forgot' | 'reset'): TemplateResult {
    return view === 'reset' ? this.#renderReset() : this.#renderForgot();
  }

  #renderForgot(): TemplateResult {
    const t = this.#ctx.t();
    const a = t.account;
    const r = this.#i18n.t.forgot;
    return html`<h2 id="view-title" tabindex="-1" aria-level=${titleLevel(this.#ctx)}>${r.title}</h2>
      <p>${r.intro}</p>
      <form id="forgot" novalidate part="form" @submit=${this.forgot.onSubmit}>
        ${textField(
          { ...this.forgot.bind('email'), label: a.email, hint: a.emailHint, type: 'email', autocomplete: 'email', required: true },
          t.common.errorPrefix,
        )}
        ${this.forgot.renderStatus()}
        <div class="actions">${this.forgot.renderSubmit(r.submit)}</div>
      </form>
      <div class="actions switch">
        <button type="button" class="link" @click=${() => this.#ctx.navigate('sign-in')}>${t.common.back}</button>
      </div>`;
  }

  #renderReset(): TemplateResult {
    const a = this.#ctx.t().account;
    const r = this.#i18n.t.reset;
    const expired = this.reset.error?.code === 'invalid_code';
    return html`<h2 id="view-title" tabindex="-1" aria-level=${titleLevel(this.#ctx)}>${r.title}</h2>
      <form id="reset" novalidate part="form" @submit=${this.reset.onSubmit}>
        ${this.#passwords.render(this.reset, 'newPassword', a.newPassword, 'new-password', a.passwordRule)} ${this.reset.renderStatus()}
        <div class="actions">
          ${this.reset.renderSubmit(r.submit)}
          ${expired ? html`<button type="button" class="secondary" @click=${() => this.#ctx.navigate('forgot')}>${r.newLink}</button>` : nothing}
        </div>
      </form>`;
  }
}
