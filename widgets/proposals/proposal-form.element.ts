import { html, nothing, type TemplateResult } from 'lit';
import type { Consultation } from '../core/api-types.ts';
import { emit } from '../core/events.ts';
import { Picture } from '../core/picture.ts';
import { FormController, honeypotField, honeypotFields, type FieldErrors } from '../core/form.ts';
import type { Session } from '../core/session.ts';
import { base } from '../core/styles/base.styles.ts';
import { formStyles } from '../core/styles/form.styles.ts';
import { checkbox, field, labelOf } from '../core/listing.ts';
import { ProposalsElement } from './proposals-base.ts';
import type { ProposalsSettings, ProposalValues, SubmitResult } from './proposal-types.ts';
import { listingStyles } from '../core/styles/listing.styles.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A citizen's proposal inside the collectivité's own page: a title and a text with their limits counted as one
 * types, a theme and a quartier from the consultation's settings, an optional picture (re-encoded on the device,
 * without its metadata, 1 MB at most), and — signed in — the consent to be contacted about it. Where the
 * consultation allows it, a visitor without an account may send one, and leave an address **only** to be told
 * of the official answer: nothing is sent to it before its owner opens the confirmation link. What is typed is
 * kept in this browser until the server took it, across reloads and failed sends.
 *
 * @summary Make a proposal to the collectivité, and be told of its answer.
 *
 * @event civ-proposal-submitted - The proposal was received. `detail: { consultation, proposalId, moderation, emailConfirmation }`.
 *
 * @csspart base - The widget's frame.
 * @csspart header - Title, description and dates.
 * @csspart title - The consultation's title.
 * @csspart schedule - When it opens or closes.
 * @csspart notice - Messages: the proposal sent, confirmation pending, sign-in needed.
 * @csspart sign-in-link - The link to the sign-in page (`sign-in-url`).
 * @csspart form - The proposal's form.
 * @csspart field - One field.
 * @csspart label - Its label.
 * @csspart hint - Help and the characters counted.
 * @csspart input - A text, select or file control.
 * @csspart error - A field's error.
 * @csspart check - The consent's row.
 * @csspart form-status - The submit's own error, and the offer to send again.
 * @csspart submit - "Envoyer ma proposition".
 * @csspart privacy - The privacy notice.
 *
 * @cssproperty --civ-color-primary - Buttons (default #000091).
 * @cssproperty --civ-color-error - Errors (default #ce0500).
 * @cssproperty --civ-font-family - Font (default: the page's).
 * @cssproperty --civ-radius - Corner radius (default 0.25rem).
 * @cssproperty --civ-space - Spacing unit (default 0.5rem).
 */
export class CivProposalForm extends ProposalsElement {
  static override styles = [base, formStyles, listingStyles];

  readonly #form = new FormController<ProposalValues, SubmitResult>(this, {
    id: 'proposal',
    initial: () => ({ title: '', text: '', category: '', quartier: '', email: '', contactConsent: false, image: '' }),
    draft: () => this.draft<Partial<ProposalValues>>(),
    secret: ['image'],
    validate: (v) => this.#errors(v),
    submit: (v) => this.#send(v),
    fieldFor: (path) =>
      /^(title|text|category|quartier|email|contactConsent)$/.test(path)
        ? (path as keyof ProposalValues)
        : /image/.test(path) || path === 'payload_too_large'
          ? 'image'
          : undefined,
    strings: () => this.t,
    announce: (message) => this.live.announce(message),
    onSuccess: (result, values) => {
      this.#picture.clear();
      // The form starts again, empty, under the notice: for another proposal.
      this.#form.reset();
      const p = this.t.proposal;
      const pending = result.emailConfirmation === 'pending';
      this.notify(
        'success',
        `${p.sent} ${result.proposal.moderation === 'submitted' ? p.premoderated : p.published}${pending ? ` ${p.confirmPending(values.email.trim())}` : ''}`,
      );
      emit(this, 'civ-proposal-submitted', {
        consultation: this.consultation,
        proposalId: result.proposal.id,
        moderation: result.proposal.moderation,
        emailConfirmation: result.emailConfirmation,
      });
    },
  });

  /** The picture chosen, re-encoded; in memory only. */
  readonly #picture = new Picture(this.#form);

  get #settings(): ProposalsSettings {
    return this.consultationTask.value!.settings;
  }

  #errors(v: ProposalValues): FieldErrors<ProposalValues> {
    const p = this.t.proposal;
    const s = this.#settings;
    const length = (value: string, max: number) => (!value.trim() ? p.required : value.length > max ? p.tooLong(max) : undefined);
    return {
      title: length(v.title, s.titleMax ?? 120),
      text: length(v.text, s.bodyMax ?? 3000),
      email: v.email.trim() && !EMAIL.test(v.email.trim()) ? p.badEmail : undefined,
      image: this.#form?.errors.image,
    };
  }

  async #send(v: ProposalValues): Promise<SubmitResult> {
    const c = this.consultationTask.value!;
    const session = this.session!;
    const signedIn = Boolean(session.me);
    // Without an account, the anonymous participant id (`Civique-Participant`) is the author, and the uploader.
    const headers = this.participant(c, session, true);
    const imageId = await this.#picture.upload(
      async (blob) => (await session.api.post<{ imageId: string }>(this.path('proposal-images'), blob, { headers })).imageId,
    );
    const email = signedIn ? '' : v.email.trim();
    return session.api.post<SubmitResult>(
      this.path('proposals'),
      {
        title: v.title.trim(),
        text: v.text.trim(),
        ...(v.category ? { category: v.category } : {}),
        ...(v.quartier ? { quartier: v.quartier } : {}),
        ...(imageId ? { imageId } : {}),
        contactConsent: signedIn && v.contactConsent === true,
        ...(email ? { email } : {}),
        locale: this.t.lang,
        returnUrl: location.href.split('#')[0],
        ...honeypotFields(this.shadowRoot),
      },
      { headers },
    );
  }

  protected renderConsultation(c: Consultation<ProposalsSettings>, session: Session): unknown {
    const { allowed, notice, signIn } = this.eligibility(c, session);
    return html`${notice} ${allowed || signIn ? this.#renderForm(c, session, allowed) : nothing}`;
  }

  #renderForm(c: Consultation<ProposalsSettings>, session: Session, allowed: boolean): TemplateResult {
    const t = this.t;
    const p = t.proposal;
    const form = this.#form;
    const s = c.settings;
    const v = form.values;
    const titleMax = s.titleMax ?? 120;
    const bodyMax = s.bodyMax ?? 3000;
    const bind = (name: 'title' | 'text' | 'category' | 'quartier' | 'email') => ({
      id: `proposal-${name}`,
      value: String(v[name] ?? ''),
      error: form.errors[name],
      onInput: (value: string) => form.set(name, value),
    });
    const options = (list: ProposalsSettings['categories']) => [
      { value: '', label: p.none },
      ...list.map((o) => ({ value: o.id, label: labelOf(t, o.label) })),
    ];
    return html`<form id="proposal" part="form" aria-label=${this.formLabel(c)} novalidate @submit=${form.onSubmit}>
      ${honeypotField(t.common.honeypot)} ${field(t, { ...bind('title'), label: p.title, required: true, hint: p.count(v.title.length, titleMax) })}
      ${field(t, { ...bind('text'), label: p.text, required: true, multiline: true, hint: html`${p.textHint} ${p.count(v.text.length, bodyMax)}` })}
      ${s.categories?.length ? field(t, { ...bind('category'), label: p.category, options: options(s.categories) }) : nothing}
      ${s.quartiers?.length ? field(t, { ...bind('quartier'), label: p.quartier, options: options(s.quartiers) }) : nothing}
      ${this.#picture.render(t, p, 'proposal-image')}
      ${
        session.me
          ? checkbox('proposal-contactConsent', p.contact, p.contactHint, v.contactConsent === true, (checked) => form.set('contactConsent', checked))
          : field(t, { ...bind('email'), label: p.email, hint: p.emailHint, type: 'email' })
      }
      ${form.renderStatus()} ${allowed ? form.renderSubmit(p.submit) : nothing}
    </form>`;
  }
}
