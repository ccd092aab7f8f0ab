import { z } from '@hono/zod-openapi';
import { ProfileFields } from '../accounts/accounts.schemas.ts';
import { Honeypot } from '../http/honeypot.ts';
import { Instant } from '../http/openapi.ts';
import { visibleText } from '../http/text.ts';
import { ItemId, ParticipationStatusSchema as BallotStatus, plainText, refineUniqueIds } from '../participation/participation.schemas.ts';

export const QUESTION_TYPES = ['single', 'multiple', 'scale', 'text', 'number', 'ranking'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
const CHOICE_TYPES: readonly QuestionType[] = ['single', 'multiple', 'ranking'];
/** Questions a condition may test: their answer is one value or a set of option ids. */
const CONDITION_TYPES: readonly QuestionType[] = ['single', 'multiple', 'scale', 'number'];

export const TEXT_MAX_DEFAULT = 2000;
const TEXT_MAX_LIMIT = 10_000;

const Choice = z.strictObject({ id: ItemId, label: plainText(200) });

const Question = z.strictObject({
  id: ItemId,
  section: ItemId,
  type: z.enum(QUESTION_TYPES),
  label: plainText(500),
  help: plainText(1000, 1, true).optional(),
  required: z.boolean().default(false),
  /** single, multiple, ranking. */
  options: z.array(Choice).min(2).max(50).optional(),
  /** multiple and ranking: choices; scale and number: value bounds; text: length bounds. */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** scale: words at either end ("Pas du tout", "Tout à fait"). */
  minLabel: plainText(100).optional(),
  maxLabel: plainText(100).optional(),
  /** number. */
  integer: z.boolean().optional(),
  unit: plainText(20).optional(),
  /** text. */
  multiline: z.boolean().optional(),
  /** Shown only when an earlier question's answer equals (or, for multiple choice, includes) this value. */
  showIf: z.strictObject({ question: ItemId, equals: z.union([ItemId, z.number().finite()]) }).optional(),
});

type QuestionInput = z.output<typeof Question>;

function refineQuestion(q: QuestionInput, i: number, ctx: z.RefinementCtx): void {
  const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: ['questions', i, field], message });
  const n = q.options?.length ?? 0;
  const isInt = (v: number | undefined) => v === undefined || Number.isInteger(v);
  if (CHOICE_TYPES.includes(q.type)) {
    if (!q.options) issue('options', `A ${q.type} question needs options`);
    else refineUniqueIds(q.options, ['questions', i, 'options'], ctx, 'option');
  } else if (q.options) issue('options', `A ${q.type} question has no options`);
  if (q.type !== 'scale' && (q.minLabel !== undefined || q.maxLabel !== undefined)) issue('minLabel', 'Only scale questions have end labels');
  if (q.type !== 'number' && (q.integer !== undefined || q.unit !== undefined)) issue('unit', 'Only number questions have a unit or integer flag');
  if (q.type !== 'text' && q.multiline !== undefined) issue('multiline', 'Only text questions can be multiline');
  if (q.min !== undefined && q.max !== undefined && q.min > q.max) issue('min', 'min cannot exceed max');
  switch (q.type) {
    case 'single':
      if (q.min !== undefined || q.max !== undefined) issue('max', 'A single-choice question takes exactly one option');
      break;
    case 'multiple':
    case 'ranking':
      if (!isInt(q.min) || !isInt(q.max)) issue('min', 'Use whole numbers of choices');
      if ((q.min ?? 1) < 1) issue('min', 'At least 1');
      if ((q.max ?? n) > n) issue('max', `At most ${n}, the number of options`);
      break;
    case 'scale':
      if (q.min === undefined || q.max === undefined || !isInt(q.min) || !isInt(q.max)) {
        issue('min', 'A scale needs whole-number min and max, e.g. 1 and 5');
      } else if (q.max - q.min < 1 || q.max - q.min > 10) issue('max', 'A scale has 2 to 11 steps');
      break;
    case 'text':
      if (!isInt(q.min) || !isInt(q.max) || (q.min ?? 0) < 0) issue('min', 'Lengths are whole numbers of characters');
      if ((q.max ?? TEXT_MAX_DEFAULT) > TEXT_MAX_LIMIT) issue('max', `At most ${TEXT_MAX_LIMIT} characters`);
      if ((q.max ?? TEXT_MAX_DEFAULT) < 1) issue('max', 'At least 1 character');
      break;
    case 'number':
      if (q.integer && (!isInt(q.min) || !isInt(q.max))) issue('min', 'Bounds of an integer question are whole numbers');
      break;
  }
}

/**
 * A questionnaire: sections in order, questions grouped by section in the same order (so "earlier" means the
 * same on screen and in the list), conditions only on earlier questions, optional profile questions for
 * representativeness (always skippable), and who may read the results.
 */
export const SurveySettingsSchema = z
  .strictObject({
    sections: z
      .array(z.strictObject({ id: ItemId, title: plainText(200), description: plainText(2000, 1, true).optional() }))
      .min(1)
      .max(30),
    questions: z.array(Question).min(1).max(200),
    profileQuestions: z.boolean().default(false),
    resultsVisibility: z.enum(['staff', 'public', 'after_close']).default('staff'),
  })
  .openapi('SurveySettings')
  .superRefine((s, ctx) => {
    refineUniqueIds(s.sections, ['sections'], ctx, 'section');
    refineUniqueIds(s.questions, ['questions'], ctx, 'question');
    const sectionIndex = new Map(s.sections.map((section, i) => [section.id, i]));
    let lastSection = 0;
    s.questions.forEach((q, i) => {
      const index = sectionIndex.get(q.section);
      if (index === undefined) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'section'], message: `Unknown section "${q.section}"` });
      } else if (index < lastSection) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'section'], message: 'Group questions by section, in the order of the sections' });
      } else lastSection = index;
      refineQuestion(q, i, ctx);
      if (!q.showIf) return;
      const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['questions', i, 'showIf'], message });
      const target = s.questions.findIndex((other) => other.id === q.showIf!.question);
      if (target < 0 || target >= i) return issue(`showIf must point to an earlier question ("${q.showIf.question}" is not one)`);
      const source = s.questions[target];
      if (!CONDITION_TYPES.includes(source.type)) return issue(`A condition cannot test a ${source.type} question`);
      const equals = q.showIf.equals;
      if (source.type === 'single' || source.type === 'multiple') {
        if (typeof equals !== 'string' || !source.options?.some((o) => o.id === equals)) issue(`"${equals}" is not an option of "${source.id}"`);
      } else if (typeof equals !== 'number' || (source.min !== undefined && equals < source.min) || (source.max !== undefined && equals > source.max)) {
        issue(`The condition's value must be a number within the bounds of "${source.id}"`);
      } else if (source.type === 'scale' && !Number.isInteger(equals)) issue('A scale value is a whole number');
    });
  })
  .transform((s) => ({
    ...s,
    // Written out on save, so the widget reads the bounds as they apply.
    questions: s.questions.map((q) => {
      const n = q.options?.length ?? 0;
      if (q.type === 'multiple') return { ...q, min: q.min ?? 1, max: q.max ?? n };
      if (q.type === 'ranking') return { ...q, min: q.min ?? n, max: q.max ?? n };
      if (q.type === 'text') return { ...q, min: q.min ?? 0, max: q.max ?? TEXT_MAX_DEFAULT };
      return q;
    }),
  }));
export type SurveySettings = z.output<typeof SurveySettingsSchema>;
export type SurveyQuestion = SurveySettings['questions'][number];

// ---------------------------------------------------------------------------------------------------------
// The API

/** The optional representativeness questions; each may be left out. */
export const ProfileAnswersSchema = z
  .strictObject({
    birthYear: ProfileFields.birthYear.unwrap().optional(),
    gender: ProfileFields.gender.unwrap().optional(),
    city: ProfileFields.city.unwrap().optional(),
    quartier: ProfileFields.quartier.unwrap().optional(),
    pcsGroup: ProfileFields.pcsGroup.unwrap().optional(),
  })
  .openapi('ProfileAnswers', { description: 'Optional, for representativeness statistics; only when the survey asks (profileQuestions)' });
export type ProfileAnswers = z.output<typeof ProfileAnswersSchema>;

export const AnswerValue = z
  .union([
    z
      .string()
      .max(TEXT_MAX_LIMIT)
      .superRefine(visibleText({ multiline: true })),
    z.number().finite(),
    z.array(ItemId).max(50),
  ])
  .openapi({
    description: 'single: an option id; multiple: option ids; ranking: option ids, best first; scale and number: a number; text: a string',
  });
export type AnswerValue = z.output<typeof AnswerValue>;

export const Answers = z.record(ItemId, AnswerValue).openapi({ description: 'Answers by question id' });
export type Answers = Record<string, AnswerValue>;

export const SubmitResponseBody = z
  .strictObject({ answers: Answers, profile: ProfileAnswersSchema.optional(), website: Honeypot })
  .openapi('SubmitSurveyResponse');

export const SaveDraftBody = z.strictObject({ answers: Answers, profile: ProfileAnswersSchema.optional() }).openapi('SaveSurveyDraft');

export const SurveyResponseSchema = z
  .object({
    status: BallotStatus,
    counted: z.boolean(),
    submittedAt: Instant,
    updatedAt: Instant,
  })
  .openapi('SurveyResponse');

export const SubmitResponseResultSchema = z.object({ response: SurveyResponseSchema, replaced: z.boolean() }).openapi('SubmitSurveyResponseResult');

export const DraftSchema = z
  .object({
    answers: z.record(z.string(), z.unknown()),
    profile: z.record(z.string(), z.unknown()).nullable(),
    savedAt: Instant,
  })
  .openapi('SurveyDraft');

export const DraftResultSchema = z.object({ draft: DraftSchema.nullable() }).openapi('SurveyDraftResult');

const OptionCount = z.object({
  id: z.string(),
  label: z.string(),
  count: z.number().int(),
  share: z.number().openapi({ description: 'count / answered, 0–1' }),
  firstPreferences: z.number().int().optional(),
  bordaPoints: z.number().int().optional(),
});

const QuestionResult = z.object({
  id: z.string(),
  section: z.string(),
  type: z.enum(QUESTION_TYPES),
  label: z.string(),
  answered: z.number().int().openapi({ description: 'Counted responses that answered this question' }),
  options: z.array(OptionCount).optional(),
  distribution: z
    .array(z.object({ value: z.number(), count: z.number().int() }))
    .optional()
    .openapi({ description: 'scale: every step, zeros included; number: each value given, ascending' }),
  mean: z.number().nullable().optional(),
  median: z.number().nullable().optional(),
  textAnswers: z.array(z.string()).optional().openapi({ description: 'Staff only: the free-text answers of counted responses' }),
});

export const SurveyResultsSchema = z
  .object({
    status: z.enum(['upcoming', 'open', 'closed']),
    final: z.boolean(),
    responses: z.number().int().openapi({ description: 'Responses counted; quarantined ones never count' }),
    quarantined: z.number().int().optional().openapi({ description: 'Staff only' }),
    method: z.string().optional(),
    questions: z.array(QuestionResult),
  })
  .openapi('SurveyResults');
