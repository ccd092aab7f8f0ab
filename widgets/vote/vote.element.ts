import { html, nothing, type TemplateResult } from 'lit';
import type { Consultation, ResponseBody } from '../core/api-types.ts';
import { choiceGroup, ids } from '../core/choices.ts';
import { emit } from '../core/events.ts';
import { FormController, honeypotField, honeypotFields, type FieldErrors } from '../core/form.ts';
import { errorText, LocaleController } from '../core/i18n/i18n.ts';
import { ParticipationElement } from '../core/participation-element.ts';
import { Ranking } from '../core/ranking.ts';
import { Resource } from '../core/resource.ts';
import type { Session } from '../core/session.ts';
import { base } from '../core/styles/base.styles.ts';
import { formStyles } from '../core/styles/form.styles.ts';
import { participationStyles } from '../core/styles/participation.styles.ts';
import { BudgetView, type VoteViewContext } from './budget.view.ts';
import { fr, type VoteTranslation } from './i18n/fr.ts';
import { renderResults } from './results.view.ts';
import { voteStyles } from './vote.styles.ts';
import { type Ballot, type BudgetSettings, type CastBallotResult, type Results, type VoteSettings, type VoteValues } from './vote-types.ts';

type Settings = VoteSettings | BudgetSettings;

/**
 * A vote inside the collectivité's own page: a poll (single choice, approval between a minimum and a maximum,
 * or a ranking ordered with the keyboard) or a participatory budget (a district, then projects within its
 * cap, with a running total). Before opening the options show, disabled, with the opening date; while open
 * the citizen votes, changes or withdraws their vote — with their account, or anonymously where the
 * consultation allows it (an id kept in this browser); after closing, the final results. Results are
 * accessible bars, hidden until closing when the consultation says so. A refused or failed vote keeps the
 * citizen's selection (a draft in this browser) and offers to send it again.
 *
 * @summary A poll or a participatory budget: vote, change, withdraw, results.
 *
 * @event civ-vote-submitted - A ballot was cast or changed. `detail: { consultation, choice, district, changed, counted }`.
 * @event civ-vote-withdrawn - The ballot was withdrawn. `detail: { consultation }`.
 *
 * @csspart base - The widget's frame.
 * @csspart header - Title, description and dates.
 * @csspart title - The consultation's title.
 * @csspart schedule - When it opens or closes.
 * @csspart notice - Messages: confirmations, errors, sign-in needed.
 * @csspart sign-in-link - The link to the sign-in page (`sign-in-url`).
 * @csspart mine - The citizen's current vote.
 * @csspart form - The ballot.
 * @csspart group - Each choice group (fieldset).
 * @csspart legend - A group's question.
 * @csspart hint - A group's rules (how many, budget).
 * @csspart option - One option, project or district row.
 * @csspart note - A row's own message (does not fit the budget).
 * @csspart error - A group's error.
 * @csspart ranking - The ranking (fieldset).
 * @csspart ranked-item - A ranked option.
 * @csspart unranked-item - An option still to rank.
 * @csspart rank-button - Add, move up, move down, remove.
 * @csspart total - A budget's running total.
 * @csspart form-status - The ballot's own error, and the offer to send it again.
 * @csspart submit - "Voter" / "Modifier mon vote".
 * @csspart withdraw - "Retirer mon vote", and "Oui, retirer mon vote".
 * @csspart withdraw-confirm - The question asked before withdrawing, with its two buttons.
 * @csspart results-section - The results.
 * @csspart results - The list of result bars.
 * @csspart result - One result bar.
 * @csspart district-results - One district's results.
 * @csspart quarantined - Staff only: ballots awaiting verification.
 * @csspart results-hidden - When results are published.
 * @csspart privacy - The privacy notice.
 *
 * @cssproperty --civ-color-primary - Buttons, selected states, bars (default #000091).
 * @cssproperty --civ-color-on-primary - Text on the primary colour (default #fff).
 * @cssproperty --civ-color-text - Body text (default #161616).
 * @cssproperty --civ-color-muted - Hints (default #555).
 * @cssproperty --civ-color-surface - Background (default #fff).
 * @cssproperty --civ-color-surface-alt - Notices, empty bars (default #f6f6f6).
 * @cssproperty --civ-color-border - Groups, fields (default #767676).
 * @cssproperty --civ-color-error - Errors, refusals (default #ce0500).
 * @cssproperty --civ-color-success - Confirmations, "open" (default #18753c).
 * @cssproperty --civ-color-focus - Focus ring (default #0a76f6).
 * @cssproperty --civ-font-family - Font (default: the page's).
 * @cssproperty --civ-font-size - Base size (default 1rem).
 * @cssproperty --civ-radius - Corner radius (default 0.25rem).
 * @cssproperty --civ-space - Spacing unit (default 0.5rem).
 */
export class CivVote extends ParticipationElement<Settings, VoteTranslation, Results> {
  static override styles = [base, formStyles, participationStyles, voteStyles];

  protected readonly kinds = ['vote', 'budget'];
  protected readonly resultsPath = 'results';
  protected readonly i18n = new LocaleController<VoteTranslation>(this, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });

  /** The citizen's live ballot: undefined until known, null when there is none. */
  #ballot: Ballot | null | undefined;
  #withdrawing = false;
  /** "Retirer mon vote" was pressed: the citizen confirms, or keeps their vote. */
  #confirming = false;

  /** The citizen's ballot, asked again whenever the account changes (once a stored session is checked). */
  readonly #mine = new Resource(
    this,
    () => {
      const session = this.session;
      return [this.consultationTask.value, session, session && session.auth.status !== 'restoring' ? (session.me?.id ?? '') : undefined] as const;
    },
    ([c, session, who]) => {
      if (!c || who === undefined) return undefined;
      const headers = c.status === 'open' ? this.participant(c, session!) : undefined;
      // No participant yet (no id, no account): no ballot to find.
      return headers ? session!.api.get<ResponseBody<'getMyBallot', 200>>(this.path('ballot'), { headers }) : Promise.resolve({ ballot: null });
    },
    ({ ballot }) => (this.#ballot = ballot),
  );

  readonly #form: FormController<VoteValues, CastBallotResult> = new FormController<VoteValues, CastBallotResult>(this, {
    id: 'vote',
    initial: () => ({ district: this.#ballot?.district ?? '', choice: this.#ballot?.choice.join(' ') ?? '' }),
    source: () => this.#ballot,
    draft: () => this.draft(),
    validate: (values) => this.#validate(values),
    submit: (values) => {
      const c = this.consultationTask.value!;
      const session = this.session!;
      const ballot = { choice: ids(values.choice), ...((c.settings as BudgetSettings).districts ? { district: values.district } : {}) };
      return session.api.put<CastBallotResult>(
        this.path('ballot'),
        { ...ballot, ...honeypotFields(this.shadowRoot) },
        { headers: this.participant(c, session, true) },
      );
    },
    fieldFor: (path) => (path.startsWith('district') ? 'district' : path.startsWith('choice') ? 'choice' : undefined),
    strings: () => this.t,
    announce: (message) => this.live.announce(message),
    onSuccess: ({ ballot, changed }) => {
      const t = this.t.vote;
      this.#ballot = ballot;
      this.#budget.refused = undefined;
      this.notify('success', `${changed ? t.changed : t.cast}${ballot.counted ? '' : ` ${t.pending}`}`);
      emit(this, 'civ-vote-submitted', { consultation: this.consultation, choice: ballot.choice, district: ballot.district, changed, counted: ballot.counted });
      void this.results.run();
    },
  });

  readonly #ctx: VoteViewContext = {
    host: this,
    t: () => this.t,
    form: this.#form,
    announce: (message) => this.live.announce(message),
    money: (amount) =>
      new Intl.NumberFormat(this.t.lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount),
  };
  readonly #budget = new BudgetView(this.#ctx);
  readonly #ranking = new Ranking(this, () => this.t.ranking, this.#ctx.announce);

  #validate(values: VoteValues): FieldErrors<VoteValues> {
    const c = this.consultationTask.value!;
    if (c.kind === 'budget') return this.#budget.validate(c.settings as BudgetSettings, values);
    const s = c.settings as VoteSettings;
    const min = s.minChoices ?? 1;
    const t = this.t;
    return ids(values.choice).length >= min
      ? {}
      : { choice: s.mode === 'single' ? t.vote.none : s.mode === 'ranking' ? t.ranking.tooFew(min) : t.vote.tooFew(min) };
  }

  /** Asks before withdrawing (focus on "Oui, retirer mon vote"), or keeps the vote (focus back on "Retirer mon vote"). */
  #confirm(asking: boolean): void {
    this.#confirming = asking;
    this.focusOn(asking ? '#withdraw-yes' : '#withdraw');
  }

  async #withdraw(c: Consultation<Settings>, session: Session): Promise<void> {
    if (this.#withdrawing) return;
    this.#withdrawing = true;
    this.#confirming = false;
    this.requestUpdate();
    try {
      await session.api.delete(this.path('ballot'), undefined, { headers: this.participant(c, session) });
      this.#ballot = null;
      this.#form.reset({ district: '', choice: '' });
      this.draft()?.clear();
      this.notify('success', this.t.vote.withdrawn);
      emit(this, 'civ-vote-withdrawn', { consultation: this.consultation });
      void this.results.run();
    } catch (error) {
      this.notify('error', errorText(this.t, error));
    }
    this.#withdrawing = false;
    this.requestUpdate();
  }

  protected renderConsultation(c: Consultation<Settings>, session: Session): unknown {
    const { allowed, notice, signIn } = this.eligibility(c, session);
    // Signed out, every choice stays readable and can be tried: only sending it asks for an account.
    const readable = allowed || !!signIn;
    const ballot = c.status === 'open' ? this.#ballot : undefined;
    const t = this.t.vote;
    const form = this.#form;
    return html`${signIn ? nothing : notice}
    ${ballot ? html`<p class="mine" part="mine">${t.mine(this.date(ballot.updatedAt))}${ballot.counted ? '' : ` ${t.pending}`}</p>` : nothing}
    ${
      c.status === 'closed'
        ? nothing
        : html`<form id="vote" part="form" aria-label=${this.formLabel(c)} novalidate @submit=${form.onSubmit}>
            ${honeypotField(this.t.common.honeypot)}
            ${c.kind === 'budget' ? this.#budget.render(c.settings as BudgetSettings, !readable) : this.#renderChoices(c.settings as VoteSettings, !readable)}
            ${form.renderStatus()}
            ${
              allowed
                ? html`<div class="actions">
                    ${form.renderSubmit(ballot ? t.change : t.submit)}
                    ${
                      ballot
                        ? this.#confirming
                          ? html`<div class="notice" role="group" aria-labelledby="withdraw-ask" part="withdraw-confirm">
                              <p id="withdraw-ask">${t.withdrawAsk}</p>
                              <div class="actions">
                                <button type="button" id="withdraw-yes" part="withdraw" @click=${() => this.#withdraw(c, session)}>${t.withdrawYes}</button>
                                <button type="button" class="secondary" @click=${() => this.#confirm(false)}>${t.withdrawNo}</button>
                              </div>
                            </div>`
                          : html`<button
                              type="button"
                              class="secondary"
                              id="withdraw"
                              part="withdraw"
                              aria-disabled=${this.#withdrawing ? 'true' : 'false'}
                              @click=${() => this.#confirm(true)}
                            >
                              ${t.withdraw}
                            </button>`
                        : nothing
                    }
                  </div>`
                : signIn
                  ? notice
                  : nothing
            }
          </form>`
    }
    ${this.renderResults(c, session, (r) => renderResults(this.t, r, this.#ctx.money, this.level(1)))}`;
  }

  #renderChoices(s: VoteSettings, disabled: boolean): TemplateResult {
    const t = this.t;
    const form = this.#form;
    const chosen = ids(form.values.choice);
    const min = s.minChoices ?? 1;
    const max = s.maxChoices ?? s.options.length;
    const common = { id: 'vote-choice', legend: t.vote.legend[s.mode], required: true, disabled, error: form.errors.choice, errorPrefix: t.common.errorPrefix };
    if (s.mode === 'ranking') {
      return this.#ranking.render({
        ...common,
        hint: t.ranking.bounds(min, max),
        options: s.options,
        ranked: chosen,
        max,
        onChange: (ranked) => form.set('choice', ranked.join(' ')),
      });
    }
    const single = s.mode === 'single';
    return choiceGroup({
      ...common,
      type: single ? 'radio' : 'checkbox',
      hint: single ? t.vote.single : t.vote.approval(min, max),
      choices: s.options.map((o) => ({ value: o.id, label: o.label, hint: o.description, checked: chosen.includes(o.id) })),
      onChange: (id, checked, input) => {
        if (single) return form.set('choice', id);
        if (checked && chosen.length >= max) {
          // Enforced on the spot, and said why: the citizen unticks one to pick another.
          input.checked = false;
          return form.setError('choice', t.vote.tooMany(max));
        }
        form.set('choice', (checked ? [...chosen, id] : chosen.filter((other) => other !== id)).join(' '));
      },
    });
  }
}
