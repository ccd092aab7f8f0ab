import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { choiceGroup, ids } from '../core/choices.ts';
import type { FieldErrors, FormController } from '../core/form.ts';
import { percent } from '../core/result-bars.ts';
import type { VoteTranslation } from './i18n/fr.ts';
import type { BudgetSettings, CastBallotResult, VoteValues } from './vote-types.ts';

/** What the views of `civ-vote` use of the element. */
export interface VoteViewContext {
  readonly host: ReactiveControllerHost & HTMLElement;
  t(): VoteTranslation;
  readonly form: FormController<VoteValues, CastBallotResult>;
  announce(message: string): void;
  /** `150 000 €` / `€150,000`. */
  money(amount: number): string;
}

type Project = BudgetSettings['projects'][number];

/**
 * The budget a ballot is spent in — its district's, or the single one (the server's `budgetScope`) —, what
 * the chosen projects cost, and the least a ballot must spend (whole euros, as the server rounds it).
 */
function scope(s: BudgetSettings, values: VoteValues) {
  const district = s.districts?.find((d) => d.id === values.district);
  const cap = district?.budget ?? s.budget ?? 0;
  const projects = s.projects.filter((p) => !s.districts || (district && p.district === district.id));
  const choice = ids(values.choice).filter((id) => projects.some((p) => p.id === id));
  const spent = projects.reduce((sum, p) => sum + (choice.includes(p.id) ? p.cost : 0), 0);
  return { district, cap, projects, choice, spent, minimum: Math.ceil((s.minSpendShare ?? 0) * cap - 1e-9) };
}

/**
 * A participatory budget: the district first (when the budget has districts: one budget each, the citizen
 * votes in one), then its projects with their cost and the rules stated (cap, most projects, least share to
 * spend), and a running total against the cap, read out at each change. A project that does not fit — or
 * one too many — is refused on the spot, the reason beside it and read out. Native checkboxes and radios:
 * the keyboard alone does everything.
 */
export class BudgetView {
  /** The project just refused, and why (until the next change, or the ballot saved). */
  refused: { id: string; text: string } | undefined;
  readonly #ctx: VoteViewContext;

  constructor(ctx: VoteViewContext) {
    this.#ctx = ctx;
  }

  validate(s: BudgetSettings, values: VoteValues): FieldErrors<VoteValues> {
    const t = this.#ctx.t();
    const { district, cap, choice, spent, minimum } = scope(s, values);
    if (s.districts && !district) return { district: t.errors.ballot_district_required };
    return {
      choice:
        choice.length === 0
          ? t.budget.none
          : choice.length > (s.maxProjects ?? Infinity)
            ? t.errors.ballot_too_many_projects
            : spent > cap
              ? t.errors.ballot_over_budget
              : spent < minimum
                ? t.budget.underMin(this.#ctx.money(minimum))
                : undefined,
    };
  }

  #toggle(s: BudgetSettings, project: Project, checked: boolean, box: HTMLInputElement): void {
    const { form, announce, money, host } = this.#ctx;
    const t = this.#ctx.t().budget;
    const { cap, choice, spent } = scope(s, form.values);
    const left = cap - spent;
    this.refused = undefined;
    const refusal =
      checked && choice.length >= (s.maxProjects ?? Infinity)
        ? t.tooMany(s.maxProjects!)
        : checked && project.cost > left
          ? t.doesNotFit(project.title, money(project.cost), money(left))
          : undefined;
    if (refusal) {
      box.checked = false;
      this.refused = { id: project.id, text: refusal };
      announce(refusal);
      return host.requestUpdate();
    }
    form.set('choice', (checked ? [...choice, project.id] : choice.filter((id) => id !== project.id)).join(' '));
    const now = scope(s, form.values);
    announce(t.total(money(now.spent), money(cap), money(cap - now.spent)));
  }

  render(s: BudgetSettings, disabled: boolean): TemplateResult {
    const { form, money } = this.#ctx;
    const t = this.#ctx.t();
    const { district, cap, projects, choice, spent, minimum } = scope(s, form.values);
    const common = { required: true, disabled, errorPrefix: t.common.errorPrefix };
    const districts = s.districts
      ? choiceGroup({
          ...common,
          id: 'vote-district',
          type: 'radio',
          legend: t.budget.district,
          hint: t.budget.districtHint,
          error: form.errors.district,
          choices: s.districts.map((d) => ({ value: d.id, label: d.name, hint: t.budget.districtBudget(money(d.budget)), checked: d === district })),
          onChange: (id) => {
            this.refused = undefined;
            form.set('district', id);
            form.set('choice', '');
          },
        })
      : nothing;
    const rules = [
      t.budget.cap(money(cap)),
      s.maxProjects ? t.budget.maxProjects(s.maxProjects) : '',
      minimum > 0 ? t.budget.minSpend(percent(t.lang, s.minSpendShare!), money(minimum)) : '',
    ];
    const projectsGroup = choiceGroup({
      ...common,
      id: 'vote-choice',
      type: 'checkbox',
      legend: t.budget.projects(district?.name),
      hint: rules.join(' '),
      error: form.errors.choice,
      choices: projects.map((p) => ({
        value: p.id,
        label: html`${p.title} <span class="cost">${money(p.cost)}</span>`,
        hint: p.description,
        note: this.refused?.id === p.id ? html`<span class="error">${this.refused.text}</span>` : undefined,
        checked: choice.includes(p.id),
      })),
      onChange: (id, checked, box) =>
        this.#toggle(
          s,
          projects.find((p) => p.id === id)!,
          checked,
          box,
        ),
      footer: html`<div class="total" part="total">
        <p>${t.budget.total(money(spent), money(cap), money(cap - spent))}</p>
        <meter aria-hidden="true" min="0" max=${cap} value=${spent}></meter>
      </div>`,
    });
    // One template whatever the state: choosing a district must not re-create its radios (focus stays there).
    return html`${districts} ${s.districts && !district ? html`<p class="hint" part="hint">${t.budget.chooseDistrict}</p>` : projectsGroup}`;
  }
}
