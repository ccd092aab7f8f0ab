import { html, nothing, type TemplateResult } from 'lit';
import type { Me, Profile } from '../../core/api-types.ts';
import { emit } from '../../core/events.ts';
import { checkboxField, textField } from '../../core/fields.ts';
import { selectField } from '../../core/select-field.ts';
import type { FormController } from '../../core/form.ts';
import { accountForm, type AccountContext } from '../account-context.ts';
import type { DashboardTranslation } from './i18n/fr.ts';
import { AVATAR_TYPES, avatarDataUrl } from './avatar.ts';
import { issueText, length } from '../validation.ts';

/** The profile as the form holds it: text for every input, booleans for the display choices. */
type ProfileValues = {
  pseudonym: string;
  avatar: string;
  firstName: string;
  lastName: string;
  phone: string;
  postalAddress: string;
  birthYear: string;
  gender: string;
  city: string;
  quartier: string;
  pcsGroup: string;
  showAge: boolean;
  showGender: boolean;
  showCity: boolean;
  showQuartier: boolean;
};

const PHONE = /^\+?[0-9][0-9 .\-()]{5,22}$/;

function phoneProblem(t: DashboardTranslation, phone: string): string | undefined {
  return phone.trim() === '' || PHONE.test(phone.trim()) ? undefined : t.invalid.phone;
}

function birthYearProblem(t: DashboardTranslation, year: string): string | undefined {
  const now = new Date().getFullYear();
  const value = Number(year.trim());
  return year.trim() === '' || (/^\d{4}$/.test(year.trim()) && value >= 1900 && value <= now) ? undefined : t.invalid.birthYear(now);
}

const TEXT_FIELDS = ['pseudonym', 'avatar', 'firstName', 'lastName', 'phone', 'postalAddress', 'gender', 'city', 'quartier'] as const;

function toValues(profile: Profile | undefined): ProfileValues {
  const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  return {
    pseudonym: text(profile?.pseudonym),
    avatar: text(profile?.avatar),
    firstName: text(profile?.firstName),
    lastName: text(profile?.lastName),
    phone: text(profile?.phone),
    postalAddress: text(profile?.postalAddress),
    birthYear: text(profile?.birthYear),
    gender: text(profile?.gender),
    city: text(profile?.city),
    quartier: text(profile?.quartier),
    pcsGroup: text(profile?.pcsGroup),
    showAge: profile?.showAge ?? false,
    showGender: profile?.showGender ?? false,
    showCity: profile?.showCity ?? false,
    showQuartier: profile?.showQuartier ?? false,
  };
}

/** The whole profile for `PATCH me`: an empty field is `null` (erased), numbers are numbers. */
function toProfile(values: ProfileValues): Partial<Profile> {
  const profile: Record<string, unknown> = {};
  for (const name of TEXT_FIELDS) profile[name] = values[name].trim() === '' ? null : values[name].trim();
  profile.birthYear = values.birthYear.trim() === '' ? null : Number(values.birthYear);
  profile.pcsGroup = values.pcsGroup === '' ? null : Number(values.pcsGroup);
  for (const name of ['showAge', 'showGender', 'showCity', 'showQuartier'] as const) profile[name] = values[name];
  return profile as Partial<Profile>;
}

/**
 * Every optional field of the privacy policies, each with its purpose beside it, in three groups, and the
 * choices of what is shown beside the pseudonym.
 */
export class ProfileView {
  readonly form: FormController<ProfileValues, Me>;
  readonly #ctx: AccountContext;
  readonly #d: () => DashboardTranslation;

  constructor(ctx: AccountContext, strings: () => DashboardTranslation) {
    this.#ctx = ctx;
    this.#d = strings;
    this.form = accountForm(ctx, {
      id: 'profile',
      draft: 'profile',
      issueText: (field, issue, error) => {
        const invalid = this.#d().invalid;
        if (field === 'birthYear') return invalid.birthYear(new Date().getFullYear());
        return field === 'pseudonym' || field === 'phone' || field === 'avatar' ? invalid[field] : issueText(ctx.t(), field, issue, error);
      },
      source: () => ctx.session()?.me,
      initial: () => toValues(ctx.session()?.me?.profile),
      validate: (v) => {
        const pseudonym = length(v.pseudonym.trim());
        return {
          pseudonym: pseudonym === 1 || pseudonym > 40 ? this.#d().invalid.pseudonym : undefined,
          phone: phoneProblem(this.#d(), v.phone),
          birthYear: birthYearProblem(this.#d(), v.birthYear),
        };
      },
      submit: (v) => ctx.session().api.patch<Me>('me', { profile: toProfile(v) }),
      onSuccess: (me) => {
        ctx.session().setMe(me);
        emit(ctx.host, 'civ-account-updated', { changes: ['profile'] });
        ctx.notify('success', this.#d().profile.saved, true);
      },
    });
  }

  async #pickAvatar(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      this.form.set('avatar', await avatarDataUrl(file));
      this.form.setError('avatar', undefined);
    } catch {
      this.form.setError('avatar', this.#d().profile.avatarUnreadable);
    }
    input.value = '';
  }

  #renderAvatar(): TemplateResult {
    const t = this.#ctx.t();
    const p = this.#d().profile;
    const { id, value, error } = this.form.bind('avatar');
    const describedBy = [`${id}-hint`, `${id}-purpose`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field avatar ${error ? 'invalid' : ''}" part="field">
      <label for=${id} part="label">${p.avatar}</label>
      <p class="hint" id="${id}-hint" part="hint">${p.avatarHint}</p>
      <p class="purpose" id="${id}-purpose" part="purpose">${p.avatarPurpose}</p>
      <div class="avatar-row">
        ${value ? html`<img src=${value} alt=${p.avatarCurrent} width="64" height="64" part="avatar" />` : nothing}
        <input
          type="file"
          id=${id}
          part="input"
          accept=${AVATAR_TYPES.join(',')}
          aria-describedby=${describedBy}
          aria-invalid=${error ? 'true' : 'false'}
          @change=${(event: Event) => this.#pickAvatar(event)}
        />
        ${value ? html`<button type="button" class="secondary" @click=${() => this.form.set('avatar', '')}>${p.avatarRemove}</button>` : nothing}
      </div>
      ${error ? html`<p class="error field-error" id="${id}-error" part="error"><span class="sr-only">${t.common.errorPrefix}</span>${error}</p>` : nothing}
    </div>`;
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    const p = this.#d().profile;
    const form = this.form;
    const prefix = t.common.errorPrefix;
    const session = this.#ctx.session();
    const quartiers = session.tenant.status === 'ready' ? session.tenant.tenant.quartiers : [];
    const quartier = form.values.quartier;
    const text = (name: keyof ProfileValues & string, label: string, purpose: string, extra: Partial<Parameters<typeof textField>[0]> = {}) =>
      textField({ ...form.bind(name), label, purpose, ...extra }, prefix);

    return html`<p>${p.intro}</p>
      <form id="profile" novalidate part="form" @submit=${form.onSubmit}>
        <fieldset>
          <legend>${p.publicGroup}</legend>
          ${text('pseudonym', p.pseudonym, p.pseudonymPurpose, { autocomplete: 'nickname', maxlength: 40 })} ${this.#renderAvatar()}
        </fieldset>
        <fieldset>
          <legend>${p.contactGroup}</legend>
          ${text('firstName', p.firstName, p.contactPurpose, { autocomplete: 'given-name', maxlength: 80 })}
          ${text('lastName', p.lastName, p.contactPurpose, { autocomplete: 'family-name', maxlength: 80 })}
          ${text('phone', p.phone, p.contactPurpose, { type: 'tel', autocomplete: 'tel', hint: p.phoneHint })}
          ${text('postalAddress', p.postalAddress, p.contactPurpose, { autocomplete: 'street-address', maxlength: 300 })}
        </fieldset>
        <fieldset>
          <legend>${p.statsGroup}</legend>
          ${text('birthYear', p.birthYear, p.birthYearPurpose, { inputmode: 'numeric', autocomplete: 'bday-year', maxlength: 4, hint: p.birthYearHint })}
          ${selectField(
            {
              ...form.bind('gender'),
              label: p.gender,
              purpose: p.genderPurpose,
              empty: p.notSaid,
              options: (['female', 'male', 'other'] as const).map((value) => ({ value, label: p.genders[value] })),
            },
            prefix,
          )}
          ${text('city', p.city, p.cityPurpose, { autocomplete: 'address-level2', maxlength: 100 })}
          ${
            quartiers.length > 0
              ? selectField(
                  {
                    ...form.bind('quartier'),
                    label: p.quartier,
                    purpose: p.quartierPurpose,
                    empty: p.notSaid,
                    // A quartier the tenant has since renamed stays selectable until the citizen changes it.
                    options: [...quartiers, ...(quartier && !quartiers.includes(quartier) ? [quartier] : [])].map((q) => ({ value: q, label: q })),
                  },
                  prefix,
                )
              : text('quartier', p.quartier, p.quartierPurpose, { maxlength: 100 })
          }
          ${selectField(
            {
              ...form.bind('pcsGroup'),
              label: p.pcsGroup,
              purpose: p.pcsGroupPurpose,
              empty: p.notSaid,
              options: p.pcsGroups.map((label, index) => ({ value: String(index + 1), label })),
            },
            prefix,
          )}
        </fieldset>
        <fieldset aria-describedby="profile-shown-hint">
          <legend>${p.shownGroup}</legend>
          <p class="hint" id="profile-shown-hint">${p.shownHint}</p>
          ${checkboxField({ ...form.bindCheck('showAge'), label: p.showAge })} ${checkboxField({ ...form.bindCheck('showGender'), label: p.showGender })}
          ${checkboxField({ ...form.bindCheck('showCity'), label: p.showCity })} ${checkboxField({ ...form.bindCheck('showQuartier'), label: p.showQuartier })}
        </fieldset>
        ${form.renderStatus()}
        <div class="actions">${form.renderSubmit(p.submit)}</div>
      </form>`;
  }
}
