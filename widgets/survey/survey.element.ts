import { html, nothing, type TemplateResult } from 'lit';
import type { Consultation, ResponseBody } from '../core/api-types.ts';
import { heading } from '../core/choices.ts';
import { emit } from '../core/events.ts';
import { FormController, honeypotField, honeypotFields, type FieldErrors } from '../core/form.ts';
import { LocaleController } from '../core/i18n/i18n.ts';
import { ParticipationElement } from '../core/participation-element.ts';
import { Ranking } from '../core/ranking.ts';
import type { Session } from '../core/session.ts';
import { Resource } from '../core/resource.ts';
import { base } from '../core/styles/base.styles.ts';
import { formStyles } from '../core/styles/form.styles.ts';
import { participationStyles } from '../core/styles/participation.styles.ts';
import { fr, type SurveyTranslation } from './i18n/fr.ts';
import { renderProfile, renderQuestion, type SurveyViewContext } from './questions.view.ts';
import { renderSurveyResults } from './results.view.ts';
import { birthYearProblem, payload, problem, shownQuestions, valuesOf } from './survey-rules.ts';
import { surveyStyles } from './survey.styles.ts';
import type { SubmitResult, SurveyDraft, SurveyResults, SurveySettings, SurveyValues } from './survey-types.ts';

/** The optional profile questions' section, after the survey's own. */
const PROFILE_SECTION = '_profile';
/** Signed-in citizens' answers reach the server this long after their last change. */
const SERVER_SAVE_DELAY = 1500;

/**
 * A questionnaire inside the collectivité's own page, one section at a time with its progress ("Section 2 sur
 * 3"): single and multiple choice (with bounds), scales with their end labels, free text with a counter,
 * numbers with their bounds, keyboard rankings; required questions marked; a question shown only when an
 * earlier answer calls for it (and never required or sent when hidden); optional profile questions for
 * representativeness, which a signed-in citizen may fill from their account. Every change is kept in this
 * browser (and, for signed-in citizens, saved to their account): a reload or another device resumes where
 * they left off. On submit the errors are shown on their questions and focus goes to the first.
 *
 * @summary A survey with sections, conditions, save and resume, and public results.
 *
 * @event civ-survey-submitted - The answers were recorded. `detail: { consultation, replaced, counted }`.
 *
 * @csspart base - The widget's frame.
 * @csspart header - Title, description and dates.
 * @csspart title - The survey's title.
 * @csspart schedule - When it opens or closes.
 * @csspart notice - Messages: confirmations, resumed answers, sign-in needed.
 * @csspart sign-in-link - The link to the sign-in page (`sign-in-url`).
 * @csspart progress - "Section 2 sur 3" and its bar.
 * @csspart section-title - The current section's title.
 * @csspart form - The questionnaire.
 * @csspart group - A choice or scale question (fieldset).
 * @csspart legend - A choice question's label.
 * @csspart option - One option row.
 * @csspart field - A text or number question, or a profile question.
 * @csspart label - Its label.
 * @csspart hint - Help, bounds, counter.
 * @csspart input - A text, number or select control.
 * @csspart error - A question's error.
 * @csspart ranking - A ranking question (fieldset).
 * @csspart ranked-item - A ranked option.
 * @csspart unranked-item - An option still to rank.
 * @csspart rank-button - Add, move up, move down, remove.
 * @csspart prefill - "Reprendre les informations de mon compte".
 * @csspart form-status - The submit's own error, and the offer to send again.
 * @csspart submit - "Envoyer mes réponses".
 * @csspart saved - Where the answers are kept.
 * @csspart results-toggle - "Voir les résultats": provisional results, folded until one has answered.
 * @csspart results-section - The results.
 * @csspart question-results - One question's results.
 * @csspart results - A list of result bars.
 * @csspart result - One result bar.
 * @csspart quarantined - Staff only: responses awaiting verification.
 * @csspart results-hidden - When results are published (surveys that publish them at closing).
 * @csspart privacy - The privacy notice.
 *
 * @cssproperty --civ-color-primary - Buttons, selected states, bars, progress (default #000091).
 * @cssproperty --civ-color-on-primary - Text on the primary colour (default #fff).
 * @cssproperty --civ-color-text - Body text (default #161616).
 * @cssproperty --civ-color-muted - Hints (default #555).
 * @cssproperty --civ-color-surface - Background (default #fff).
 * @cssproperty --civ-color-surface-alt - Notices, empty bars (default #f6f6f6).
 * @cssproperty --civ-color-border - Groups, fields (default #767676).
 * @cssproperty --civ-color-error - Errors (default #ce0500).
 * @cssproperty --civ-color-success - Confirmations (default #18753c).
 * @cssproperty --civ-color-focus - Focus ring (default #0a76f6).
 * @cssproperty --civ-font-family - Font (default: the page's).
 * @cssproperty --civ-font-size - Base size (default 1rem).
 * @cssproperty --civ-radius - Corner radius (default 0.25rem).
 * @cssproperty --civ-space - Spacing unit (default 0.5rem).
 */
export class CivSurvey extends ParticipationElement<SurveySettings, SurveyTranslation, SurveyResults> {
  static override styles = [base, formStyles, participationStyles, surveyStyles];

  protected readonly kinds = ['survey'];
  protected readonly resultsPath = 'survey-results';
  protected readonly i18n = new LocaleController<SurveyTranslation>(this, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });

  /** When the signed-in citizen's answers last reached their account. */
  #savedAt: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The answers were just recorded: thanks and results instead of the questions. */
  #done = false;

  readonly #form: FormController<SurveyValues, SubmitResult> = new FormController<SurveyValues, SubmitResult>(this, {
    id: 'survey',
    initial: () => ({ _section: '0' }),
    draft: () => this.draft<Partial<SurveyValues>>(),
    validate: (values) => this.#errors(values),
    submit: (values) => {
      clearTimeout(this.#timer);
      const c = this.consultationTask.value!;
      const session = this.session!;
      const body = { ...payload(c.settings, values), ...honeypotFields(this.shadowRoot) };
      return session.api.put<SubmitResult>(this.path('response'), body, { headers: this.participant(c, session, true) });
    },
    // `answers.<question>` → the question; `profile.<field>` → `_<field>`.
    fieldFor: (path) => {
      const [scope, name] = path.split('.');
      return scope === 'answers' ? name : scope === 'profile' ? `_${name}` : undefined;
    },
    strings: () => this.t,
    announce: (message) => this.live.announce(message),
    onSuccess: ({ response, replaced }) => {
      const t = this.t.survey;
      this.#done = true;
      this.notify('success', `${t.done}${response.counted ? '' : ` ${t.pending}`}`);
      emit(this, 'civ-survey-submitted', { consultation: this.consultation, replaced, counted: response.counted });
      void this.results.run();
    },
  });

  readonly #ctx: SurveyViewContext = {
    t: () => this.t,
    form: this.#form,
    set: (name, value) => this.#set(name, value),
    ranking: new Ranking(
      this,
      () => this.t.ranking,
      (message) => this.live.announce(message),
    ),
    announce: (message) => this.live.announce(message),
  };

  /** A signed-in citizen's draft on the server: resumed when newer than this browser's. */
  readonly #serverDraft = new Resource(
    this,
    () => [this.consultationTask.value, this.session, this.session?.me?.id] as const,
    ([c, session, account]) =>
      c?.status === 'open' && account ? session!.api.get<ResponseBody<'getSurveyDraft', 200>>(this.path('response-draft')) : undefined,
    ({ draft }) => this.#resume(draft),
  );

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  get #settings(): SurveySettings {
    return this.consultationTask.value!.settings;
  }

  #question(id: string) {
    return this.#settings.questions.find((q) => q.id === id);
  }

  /** The survey's sections, and the profile questions' one when the survey asks them. */
  #sections(): { id: string; title: string; description?: string }[] {
    const s = this.#settings;
    const p = this.t.profile;
    return s.profileQuestions ? [...s.sections, { id: PROFILE_SECTION, title: p.title, description: p.intro }] : s.sections;
  }

  /** The answers' problems: of one section ("Section suivante"), or of every question shown (submit). */
  #errors(values: SurveyValues, section?: string): FieldErrors<SurveyValues> {
    const shown = shownQuestions(this.#settings, values);
    const errors: FieldErrors<SurveyValues> = {};
    for (const q of this.#settings.questions) {
      if (shown.has(q.id) && (!section || q.section === section)) errors[q.id] = problem(this.t, q, values[q.id]);
    }
    if (!section || section === PROFILE_SECTION) errors._birthYear = birthYearProblem(this.t, values._birthYear);
    return errors;
  }

  #set(name: string, value: string): void {
    const s = this.#settings;
    const before = shownQuestions(s, this.#form.values);
    this.#form.set(name, value);
    // A question that appears because of this answer is said aloud: it may be below, out of sight.
    const after = shownQuestions(s, this.#form.values);
    for (const q of s.questions) if (after.has(q.id) && !before.has(q.id)) this.live.announce(this.t.survey.shown(q.label));
    if (this.session?.me) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#saveToAccount(), SERVER_SAVE_DELAY);
    }
  }

  async #saveToAccount(): Promise<void> {
    try {
      const saved = await this.session!.api.put<ResponseBody<'saveSurveyDraft', 200>>(this.path('response-draft'), payload(this.#settings, this.#form.values));
      // The document shares one schema with getSurveyDraft, whose draft may be null; a saved one never is.
      if (saved.draft) this.#savedAt = saved.draft.savedAt;
      this.requestUpdate();
    } catch {
      // This browser's draft still holds every answer; the next change tries the account again.
    }
  }

  /** The server's draft wins when it is newer than this browser's (answers begun on another device). */
  #resume(draft: SurveyDraft | null): void {
    const local = this.draft<Partial<SurveyValues>>()?.load();
    if (!draft || Date.parse(draft.savedAt) <= (local?.savedAt ?? 0)) return;
    const values = { _section: local?.values._section ?? '0', ...valuesOf(draft) };
    this.#form.reset(values);
    this.draft<Partial<SurveyValues>>()?.save(values);
    this.#savedAt = draft.savedAt;
    this.notify('info', this.t.survey.resumed(this.date(draft.savedAt)), false);
  }

  #goTo(index: number): void {
    this.#form.set('_section', String(index));
    this.focusOn('#section-title');
  }

  /** "Section suivante": this section's answers are checked first, and the first to correct gets the focus. */
  #next(index: number, section: string): void {
    const errors = this.#errors(this.#form.values, section);
    const messages = Object.values(errors).filter(Boolean);
    this.#form.errors = errors;
    if (messages.length === 0) return this.#goTo(index + 1);
    this.live.announce(`${this.t.form.invalidCount(messages.length)} ${messages[0]}`);
    this.focusOn('#survey [aria-invalid="true"]');
  }

  async #submit(): Promise<void> {
    await this.#form.submit();
    // An answer to correct in another section (a resumed draft, the server's check): that section opens, and
    // focus goes to the answer.
    const first = Object.keys(this.#form.errors).find((key) => this.#form.errors[key]);
    const section = first && (first.startsWith('_') ? PROFILE_SECTION : this.#question(first)?.section);
    const index = this.#sections().findIndex((s) => s.id === section);
    if (index >= 0) {
      this.#form.values = { ...this.#form.values, _section: String(index) };
      this.focusOn('#survey [aria-invalid="true"]');
    }
  }

  protected renderConsultation(c: Consultation<SurveySettings>, session: Session): unknown {
    const { allowed, notice, signIn } = this.eligibility(c, session);
    const results = this.renderResults(c, session, (r) => renderSurveyResults(this.t, r, this.level(1)));
    // Provisional results come after one's own answers; before, only to whoever asks (they would sway them).
    // Signed out, the questions stay readable and can be answered (kept in this browser): only sending asks for an account.
    return html`${notice} ${(allowed || signIn) && !this.#done ? this.#renderForm(c, session, allowed ? undefined : notice) : nothing}
    ${
      c.status === 'open' && !this.#done && this.resultsVisible(c, session)
        ? html`<details class="results-toggle" part="results-toggle">
            <summary>${this.t.survey.showResults}</summary>
            ${results}
          </details>`
        : results
    }`;
  }

  /** The questionnaire; `signIn` (the sign-in notice) stands where the submit would for a visitor who must sign in first. */
  #renderForm(c: Consultation<SurveySettings>, session: Session, signIn?: TemplateResult): TemplateResult {
    const t = this.t;
    const form = this.#form;
    const sections = this.#sections();
    const index = Math.min(Number(form.values._section) || 0, sections.length - 1);
    const section = sections[index];
    const last = index === sections.length - 1;
    const shown = shownQuestions(c.settings, form.values);
    const questions = c.settings.questions.filter((q) => q.section === section.id && shown.has(q.id));
    return html`<form
      id="survey"
      part="form"
      aria-label=${this.formLabel(c)}
      novalidate
      @submit=${(event: Event) => {
        event.preventDefault();
        if (last) void this.#submit();
        else this.#next(index, section.id);
      }}
    >
      ${honeypotField(t.common.honeypot)}
      <div class="progress" part="progress">
        <p id="survey-progress">${t.survey.progress(index + 1, sections.length)}</p>
        <progress max=${sections.length} value=${index + 1} aria-labelledby="survey-progress"></progress>
      </div>
      ${heading(this.level(1), section.title, 'section-title', 'section-title')} ${section.description ? html`<p>${section.description}</p>` : nothing}
      ${questions.some((q) => q.required) ? html`<p class="hint">${t.survey.requiredNote}</p>` : nothing}
      ${
        section.id === PROFILE_SECTION
          ? renderProfile(this.#ctx, session.tenant.status === 'ready' ? session.tenant.tenant.quartiers : [], session.me)
          : questions.map((q) => renderQuestion(this.#ctx, q))
      }
      ${form.renderStatus()}
      <div class="actions">
        ${index > 0 ? html`<button type="button" class="secondary" @click=${() => this.#goTo(index - 1)}>${t.survey.previous}</button>` : nothing}
        ${last ? (signIn ?? form.renderSubmit(t.survey.submit)) : html`<button type="submit">${t.survey.next}</button>`}
      </div>
      <p class="muted" part="saved">${this.#savedAt ? t.survey.savedAccount(this.date(this.#savedAt)) : t.survey.savedHere}</p>
    </form>`;
  }
}
