import { html, type TemplateResult } from 'lit';
import type { Me } from '../../core/api-types.ts';
import { heading } from '../../core/choices.ts';
import { emit } from '../../core/events.ts';
import { textField } from '../../core/fields.ts';
import type { FormController } from '../../core/form.ts';
import { accountForm, PasswordFields, type AccountContext } from '../account-context.ts';
import type { DashboardTranslation } from './i18n/fr.ts';
import { emailProblem, newPasswordProblem, requiredPassword } from '../validation.ts';

/**
 * Rectifying the email (it changes once the new address confirms it; until then the pending address is shown)
 * and changing the password.
 */
export class SecurityView {
  readonly email: FormController<{ newEmail: string; currentPassword: string }, Me>;
  readonly password: FormController<{ currentPassword: string; newPassword: string }, unknown>;
  readonly #ctx: AccountContext;
  readonly #d: () => DashboardTranslation;
  readonly #passwords: PasswordFields;

  constructor(ctx: AccountContext, strings: () => DashboardTranslation) {
    this.#ctx = ctx;
    this.#d = strings;
    this.#passwords = new PasswordFields(ctx);
    const t = () => ctx.t();

    this.email = accountForm(ctx, {
      id: 'email',
      draft: 'email',
      secret: ['currentPassword'],
      initial: () => ({ newEmail: '', currentPassword: '' }),
      aliases: { email: 'newEmail', email_taken: 'newEmail' },
      validate: (v) => ({ newEmail: emailProblem(t(), v.newEmail), currentPassword: requiredPassword(t(), v.currentPassword) }),
      submit: (v) => ctx.session().api.patch<Me>('me', { email: v.newEmail.trim(), currentPassword: v.currentPassword, returnUrl: ctx.returnUrl() }),
      onSuccess: (me) => {
        ctx.session().setMe(me);
        this.email.reset();
        emit(ctx.host, 'civ-account-updated', { changes: ['email'] });
        ctx.notify('success', this.#d().security.emailChanged(me.pendingEmail ?? me.email), true);
      },
    });

    this.password = accountForm(ctx, {
      id: 'password',
      secret: ['currentPassword', 'newPassword'],
      initial: () => ({ currentPassword: '', newPassword: '' }),
      validate: (v) => ({
        currentPassword: requiredPassword(t(), v.currentPassword),
        newPassword: newPasswordProblem(t(), v.newPassword),
      }),
      submit: (v) => ctx.session().api.post('me/password', v),
      onSuccess: () => {
        this.password.reset();
        emit(ctx.host, 'civ-account-updated', { changes: ['password'] });
        ctx.notify('success', this.#d().security.passwordChanged, true);
      },
    });
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    const a = t.account;
    const s = this.#d().security;
    return html`${heading(this.#ctx.level(2), s.emailTitle)}
      <form id="email" novalidate part="form" @submit=${this.email.onSubmit}>
        ${textField(
          { ...this.email.bind('newEmail'), label: s.newEmail, hint: a.emailHint, type: 'email', autocomplete: 'email', required: true },
          t.common.errorPrefix,
        )}
        ${this.#passwords.render(this.email, 'currentPassword', a.currentPassword, 'current-password')} ${this.email.renderStatus()}
        <div class="actions">${this.email.renderSubmit(s.emailSubmit)}</div>
      </form>
      ${heading(this.#ctx.level(2), s.passwordTitle)}
      <form id="password" novalidate part="form" @submit=${this.password.onSubmit}>
        ${this.#passwords.render(this.password, 'currentPassword', a.currentPassword, 'current-password')}
        ${this.#passwords.render(this.password, 'newPassword', a.newPassword, 'new-password', a.passwordRule)} ${this.password.renderStatus()}
        <div class="actions">${this.password.renderSubmit(s.passwordSubmit)}</div>
      </form>`;
  }
}
