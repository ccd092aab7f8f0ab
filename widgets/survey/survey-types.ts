/**
 * The survey API's data as `civ-survey` receives it, inferred from the server's zod schemas (type-only).
 */
import type { z } from '@hono/zod-openapi';
import type {
  DraftResultSchema,
  SubmitResponseResultSchema,
  SurveyResultsSchema,
  SurveySettingsSchema,
} from '../../server/surveys/surveys.schemas.ts';

export type SurveySettings = z.output<typeof SurveySettingsSchema>;
export type Question = SurveySettings['questions'][number];
export type SurveyResults = z.infer<typeof SurveyResultsSchema>;
export type SubmitResult = z.infer<typeof SubmitResponseResultSchema>;
export type SurveyDraft = NonNullable<z.infer<typeof DraftResultSchema>['draft']>;

/**
 * The answers as the form holds them (and keeps them in the draft): one string per question id — an option
 * id, option ids joined by spaces, a number or a text — plus, under keys no question id can take (they start
 * with `_`), the section on screen and the optional profile answers.
 */
export type SurveyValues = Record<string, string>;

/** The profile questions, by the API's field name; the form keeps each under `_<field>` (`_birthYear`). */
export const PROFILE = ['birthYear', 'gender', 'city', 'quartier', 'pcsGroup'] as const;
export type ProfileField = (typeof PROFILE)[number];
