import { html, nothing, type TemplateResult } from 'lit';
import type { Me } from '../core/api-types.ts';
import { choiceGroup, describedBy, errorNote, hintNote, ids, requiredMark } from '../core/choices.ts';
import type { FormController } from '../core/form.ts';
import type { Ranking } from '../core/ranking.ts';
import type { SurveyTranslation } from './i18n/fr.ts';
import { PROFILE, type ProfileField, type Question, type SubmitResult, type SurveyValues } from './survey-types.ts';

/** What the question views use of `civ-survey`. */
export interface SurveyViewContext {
  t(): SurveyTranslation;
  readonly form: FormController<SurveyValues, SubmitResult>;
  /** Changes one answer: kept in the drafts, conditions re-evaluated and new questions announced. */
  set(name: string, value: string): void;
  readonly ranking: Ranking;
  announce(message: string): void;
}

interface InputOptions {
  label: string;
  hint?: string;
  required?: boolean;
  multiline?: boolean;
  maxlength?: number;
  inputmode?: string;
  autocomplete?: string;
}

/**
 * A typed answer — text, a number, a year — laid out as `core/fields.ts` lays out its fields (label, hint,
 * control, error, tied by `for` and `aria-describedby`), with a `textarea` for long answers. The survey keeps
 * its own: importing `fields.ts` (and its directives) would add a chunk shared with `civ-account` to every
 * survey page. The value is bound as a property: what the citizen types is the value, so it never differs.
 */
function input(ctx: SurveyViewContext, key: string, o: InputOptions): TemplateResult {
  const id = `survey-${key}`;
  const error = ctx.form.errors[key];
  const value = ctx.form.values[key] ?? '';
  const described = describedBy(o.hint && `${id}-hint`, error && `${id}-error`);
  const onInput = (event: Event) => ctx.set(key, (event.target as HTMLInputElement).value);
  return html`<div class="field" part="field">
    <label for=${id} part="label">${o.label}${requiredMark(o.required)}</label>
    ${hintNote(id, o.hint)}
    ${
      o.multiline
        ? html`<textarea
            id=${id}
            part="input"
            rows="5"
            maxlength=${o.maxlength ?? nothing}
            .value=${value}
            ?required=${o.required}
            aria-invalid=${Boolean(error)}
            aria-describedby=${described}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id=${id}
            part="input"
            maxlength=${o.maxlength ?? nothing}
            inputmode=${o.inputmode ?? nothing}
            autocomplete=${o.autocomplete ?? nothing}
            .value=${value}
            ?required=${o.required}
            aria-invalid=${Boolean(error)}
            aria-describedby=${described}
            @input=${onInput}
          />`
    }
    ${errorNote(id, error, ctx.t().common.errorPrefix)}
  </div>`;
}

/**
 * One question, as its type wants it: radios (single, scale with its end labels), checkboxes with their bounds
 * enforced (multiple), the keyboard ranking, a number with its bounds and unit, free text with a counter.
 * Each is labelled, required ones marked, help and bounds tied to the control, the error beside it.
 */
export function renderQuestion(ctx: SurveyViewContext, q: Question): TemplateResult {
  const t = ctx.t();
  const s = t.survey;
  const { form } = ctx;
  const raw = form.values[q.id] ?? '';
  const chosen = ids(raw);
  const n = q.options?.length ?? 0;
  const most = q.max ?? n;
  const common = { id: `survey-${q.id}`, legend: q.label, required: q.required, error: form.errors[q.id], errorPrefix: t.common.errorPrefix };
  // The question's own help, then the rule its type states — unless the help already gives the rule's number
  // ("Trois réponses au plus."): said once.
  const says = (n: number) => new RegExp(`\\b(${n}|${s.numbers[n] ?? n})\\b`, 'i').test(q.help ?? '');
  const hint = (rule: unknown, ...bounds: number[]) => [q.help, !bounds.some(says) && rule].filter(Boolean).join(' ');
  const set = (value: string) => ctx.set(q.id, value);
  if (q.type === 'ranking') {
    return ctx.ranking.render({
      ...common,
      hint: hint(t.ranking.bounds(q.min ?? n, most), q.min ?? n, most),
      options: q.options!,
      ranked: chosen,
      max: most,
      onChange: (ranked) => set(ranked.join(' ')),
    });
  }
  if (q.type === 'number' || q.type === 'text') {
    const number = q.type === 'number';
    // Only number questions have a unit, only text ones a length and `multiline` (the server checks it).
    return input(ctx, q.id, {
      label: q.unit ? `${q.label} (${q.unit})` : q.label,
      required: q.required,
      multiline: q.multiline,
      maxlength: number ? undefined : q.max,
      inputmode: number ? (q.integer ? 'numeric' : 'decimal') : undefined,
      hint: hint(number ? (q.min !== undefined || q.max !== undefined) && s.range(q.min, q.max) : s.length([...raw.trim()].length, q.max ?? 2000)),
    });
  }
  const multiple = q.type === 'multiple';
  // A scale's steps are its numbers, from min to max.
  const steps = q.options ?? Array.from({ length: q.max! - q.min! + 1 }, (_, i) => ({ id: `${q.min! + i}`, label: `${q.min! + i}` }));
  return choiceGroup({
    ...common,
    type: multiple ? 'checkbox' : 'radio',
    inline: !q.options,
    hint: multiple ? hint(s.between(q.min ?? 1, most), most) : hint(q.minLabel && q.maxLabel && s.ends(q.min!, q.minLabel, q.max!, q.maxLabel)),
    choices: steps.map((o) => ({ value: o.id, label: o.label, checked: chosen.includes(o.id) })),
    onChange: (value, checked, box) => {
      if (!multiple) return set(value);
      // The maximum is enforced on the spot, and said why.
      if (checked && chosen.length >= most) {
        box.checked = false;
        return form.setError(q.id, s.tooMany(most));
      }
      set((checked ? [...chosen, value] : chosen.filter((id) => id !== value)).join(' '));
    },
  });
}

/**
 * The optional representativeness questions — birth year, gender, town, quartier (the collectivité's list),
 * socio-professional category (INSEE PCS groups 1 to 8) — each skippable ("Je préfère ne pas répondre"),
 * and a button that fills them from the signed-in citizen's account, only when they ask.
 */
export function renderProfile(ctx: SurveyViewContext, quartiers: readonly string[], me: Me | undefined): TemplateResult {
  const t = ctx.t();
  const p = t.profile;
  const radios = (field: ProfileField, legend: string, options: string[][]) =>
    choiceGroup({
      id: `survey-_${field}`,
      type: 'radio',
      legend,
      errorPrefix: t.common.errorPrefix,
      choices: [...options, ['', p.none]].map(([value, label]) => ({ value, label, checked: (ctx.form.values[`_${field}`] ?? '') === value })),
      onChange: (value) => ctx.set(`_${field}`, value),
    });
  const known = me && PROFILE.some((field) => me.profile[field] !== null);
  return html`${
    known
      ? html`<p>
          <button type="button" class="secondary" part="prefill" @click=${() => prefill(ctx, me)}>${p.prefill}</button>
        </p>`
      : nothing
  }
  ${input(ctx, '_birthYear', { label: p.birthYear, maxlength: 4, inputmode: 'numeric', autocomplete: 'bday-year' })}
  ${radios('gender', p.gender, Object.entries(p.genders))} ${input(ctx, '_city', { label: p.city, maxlength: 100, autocomplete: 'address-level2' })}
  ${
    quartiers.length > 0
      ? radios(
          'quartier',
          p.quartier,
          quartiers.map((q) => [q, q]),
        )
      : nothing
  }
  ${radios(
    'pcsGroup',
    p.pcsGroup,
    p.pcs.map((label, i) => [String(i + 1), label]),
  )}`;
}

function prefill(ctx: SurveyViewContext, me: Me): void {
  for (const field of PROFILE) {
    const value = me.profile[field];
    if (value !== null) ctx.set(`_${field}`, String(value));
  }
  // Said aloud: the fields changed without the citizen typing.
  ctx.announce(ctx.t().profile.prefilled);
}
