import { ids } from '../core/choices.ts';
import type { SurveyTranslation } from './i18n/fr.ts';
import { PROFILE, type Question, type SurveySettings, type SurveyValues } from './survey-types.ts';

/** `4,5`, `4.5`, ` 12 ` → a number; anything else → undefined. */
export function parseNumber(text: string | undefined): number | undefined {
  const value = (text ?? '').trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
}

/** A question's answer as the API takes it, or undefined when unanswered. */
export function answerOf(q: Question, raw: string | undefined): string | number | string[] | undefined {
  if (q.type === 'multiple' || q.type === 'ranking') {
    const chosen = ids(raw);
    return chosen.length > 0 ? chosen : undefined;
  }
  if (q.type === 'scale' || q.type === 'number') return parseNumber(raw);
  return raw?.trim() || undefined;
}

/**
 * The questions shown for these answers, as the server decides (`shownQuestions`): a question with a condition
 * shows only when its earlier question is shown and answered with the value (or, for multiple choice, includes it).
 */
export function shownQuestions(s: SurveySettings, values: SurveyValues): Set<string> {
  const shown = new Set<string>();
  for (const q of s.questions) {
    const condition = q.showIf;
    const source = condition && s.questions.find((other) => other.id === condition.question);
    const answer = source && answerOf(source, values[source.id]);
    const met = Array.isArray(answer) ? answer.includes(condition!.equals as string) : answer === condition?.equals;
    if (!condition || (shown.has(condition.question) && met)) shown.add(q.id);
  }
  return shown;
}

/** Why an answer does not fit its question (required, bounds, lengths), in the citizen's words; the server checks the same. */
export function problem(t: SurveyTranslation, q: Question, raw: string | undefined): string | undefined {
  const s = t.survey;
  if (!raw?.trim()) return q.required ? s.required : undefined;
  if (q.type === 'multiple' || q.type === 'ranking') {
    const n = ids(raw).length;
    if (n < (q.min ?? 1)) return (q.type === 'ranking' ? t.ranking : s).tooFew(q.min ?? 1);
    if (n > (q.max ?? Infinity)) return s.tooMany(q.max!);
  }
  if (q.type === 'number') {
    const value = parseNumber(raw);
    if (value === undefined) return s.number;
    if (q.integer && !Number.isInteger(value)) return s.integer;
    if ((q.min !== undefined && value < q.min) || (q.max !== undefined && value > q.max)) return s.range(q.min, q.max);
  }
  if (q.type === 'text' && [...raw.trim()].length < (q.min ?? 0)) return s.tooShort(q.min!);
  return undefined;
}

/** The birth year's problem, if any: a year from 1900 to this one, or nothing. */
export function birthYearProblem(t: SurveyTranslation, raw: string | undefined): string | undefined {
  const year = parseNumber(raw);
  const now = new Date().getFullYear();
  return !raw?.trim() || (year !== undefined && Number.isInteger(year) && year >= 1900 && year <= now) ? undefined : t.profile.badYear(now);
}

/** What is sent (a response or a draft): the answers to the questions shown — never a hidden one — and the profile given. */
export function payload(s: SurveySettings, values: SurveyValues) {
  const shown = shownQuestions(s, values);
  const answers: Record<string, string | number | string[]> = {};
  for (const q of s.questions) {
    const answer = shown.has(q.id) ? answerOf(q, values[q.id]) : undefined;
    if (answer !== undefined) answers[q.id] = answer;
  }
  const profile: Record<string, string | number> = {};
  for (const field of PROFILE) {
    const raw = values[`_${field}`]?.trim();
    if (raw) profile[field] = field === 'birthYear' || field === 'pcsGroup' ? Number(raw) : raw;
  }
  return s.profileQuestions && Object.keys(profile).length > 0 ? { answers, profile } : { answers };
}

/** A saved draft (the server's) back into form values. */
export function valuesOf(draft: { answers: Record<string, unknown>; profile: Record<string, unknown> | null }): SurveyValues {
  const values: SurveyValues = {};
  for (const [id, answer] of Object.entries(draft.answers)) values[id] = Array.isArray(answer) ? answer.join(' ') : String(answer ?? '');
  for (const field of PROFILE) {
    const value = draft.profile?.[field];
    if (value != null) values[`_${field}`] = String(value);
  }
  return values;
}
