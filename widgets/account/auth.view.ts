import { html, nothing, type TemplateResult } from 'lit';
import type { IssuedSession } from '../core/api-types.ts';
import { emit } from '../core/events.ts';
import { checkboxField, textField } from '../core/fields.ts';
import { honeypotField, honeypotFields, type FormController } from '../core/form.ts';
import { accountForm, PasswordFields, titleLevel, type AccountContext } from './account-context.ts';
import { emailProblem, newPasswordProblem, requiredPassword } from './validation.ts';

type Credentials = { email: string; password: string; remember: boolean };

/** The signed-out side of `civ-account`: sign in and sign up ("mot de passe oublié" is in `recovery/`). */
export class AuthView {
  readonly #ctx: AccountContext;
  readonly #passwords: PasswordFields;
  readonly signIn: FormController<Credentials, IssuedSession>;
  readonly signUp: FormController<Credentials, unknown>;

  constructor(ctx: AccountContext) {
    this.#ctx = ctx;
    this.#passwords = new PasswordFields(ctx);
    const t = () => ctx.t();
    const api = () => ctx.session().api;
    const credentials = () => ({ email: '', password: '', remember: false });
    const signedIn = (issued: IssuedSession, values: Credentials) => {
      ctx.session().signedIn(issued, values.remember);
      // Sign-up opens no session, so a session always starts here, on an existing account.
      emit(ctx.host, 'civ-signed-in', { accountId: issued.me.id, newAccount: false });
      emit(ctx.host, 'civ-session-changed', { signedIn: true });
      // Back to the participation widget that sent the citizen here; this site's pages only, never elsewhere.
      const back = new URLSearchParams(location.search).get('returnUrl');
      if (back && new URL(back, location.href).origin == location.origin) return location.assign(new URL(back, location.href));
      ctx.navigate('profile');
      ctx.announce(t().account.signedIn);
    };

    this.signIn = accountForm(ctx, {
      id: 'sign-in',
      draft: 'sign-in',
      secret: ['password'],
      initial: credentials,
      validate: (v) => ({ email: emailProblem(t(), v.email), password: requiredPassword(t(), v.password) }),
      submit: (v) => api().post<IssuedSession>('auth/sign-in', { email: v.email.trim(), password: v.password, remember: v.remember }, { auth: false }),
      onSuccess: signedIn,
    });

    this.signUp = accountForm(ctx, {
      id: 'sign-up',
      draft: 'sign-up',
      secret: ['password'],
      initial: credentials,
      validate: (v) => ({ email: emailProblem(t(), v.email), password: newPasswordProblem(t(), v.password) }),
      submit: (v) =>
        api().post<unknown>(
          'auth/sign-up',
          { email: v.email.trim(), password: v.password, locale: t().lang, returnUrl: ctx.returnUrl(), ...honeypotFields(ctx.host.shadowRoot) },
          { auth: false },
        ),
      // The server answers the same whether or not the address already had an account, and so does the page:
      // the citizen signs in next, with the email already filled in.
      onSuccess: (_, values) => {
        this.signIn.values = { ...this.signIn.values, email: values.email.trim() };
        ctx.navigate('sign-in');
        ctx.notify('success', t().account.signUp.done(values.email.trim()), true);
      },
    });
  }

  render(view: 'sign-in' | 'sign-up'): TemplateResult {
    return view === 'sign-up' ? this.#renderCredentials(this.signUp, 'sign-up') : this.#renderCredentials(this.signIn, 'sign-in');
  }

  #renderCredentials<R>(form: FormController<Credentials, R>, kind: 'sign-in' | 'sign-up'): TemplateResult {
    const t = this.#ctx.t();
    const a = t.account;
    const strings = kind === 'sign-in' ? a.signIn : a.signUp;
    const newAccount = kind === 'sign-up';
    return html`<h2 id="view-title" tabindex="-1" aria-level=${titleLevel(this.#ctx)}>${strings.title}</h2>
      <p>${strings.intro}</p>
      <form id=${kind} novalidate part="form" @submit=${form.onSubmit}>
        <p class="hint">${a.allRequired}</p>
        ${newAccount ? honeypotField(t.common.honeypot) : nothing}
        ${textField(
          {
            ...form.bind('email'),
            label: a.email,
            hint: a.emailHint,
            purpose: newAccount ? a.emailPurpose : undefined,
            type: 'email',
            autocomplete: newAccount ? 'email' : 'username',
            required: true,
          },
          t.common.errorPrefix,
        )}
        ${this.#passwords.render(form, 'password', a.password, newAccount ? 'new-password' : 'current-password', newAccount ? a.passwordRule : undefined)}
        ${newAccount ? '' : checkboxField({ ...form.bindCheck('remember'), label: a.remember, hint: a.rememberHint })} ${form.renderStatus()}
        <div class="actions">${form.renderSubmit(strings.submit)}</div>
      </form>
      <div class="actions switch">
        ${
          kind === 'sign-in'
            ? html`<button type="button" class="link" @click=${() => this.#ctx.navigate('forgot')}>${a.signIn.forgot}</button>
                <p>${a.signIn.noAccount}</p>
                <button type="button" class="link" @click=${() => this.#ctx.navigate('sign-up')}>${a.signIn.toSignUp}</button>`
            : html`<p>${a.signUp.haveAccount}</p>
                <button type="button" class="link" @click=${() => this.#ctx.navigate('sign-in')}>${a.signUp.toSignIn}</button>`
        }
      </div>`;
  }
}
