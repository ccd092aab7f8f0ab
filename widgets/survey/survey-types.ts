/**
 * The survey API's data as `civ-survey` receives it: answers from the types generated out of the OpenAPI
 * document, settings inferred from the server's zod schemas (type-only).
 */
import type { z } from '@hono/zod-openapi';
import type { SurveySettingsSchema } from '../../server/surveys/surveys.schemas.ts';
import type { components } from '../core/api-schema.generated.ts';

export type SurveySettings = z.output<typeof SurveySettingsSchema>;
export type Question = SurveySettings['questions'][number];
export type SurveyResults = components['schemas']['SurveyResults'];
export type SubmitResult = components['schemas']['SubmitSurveyResponseResult'];
export type SurveyDraft = NonNullable<components['schemas']['SurveyDraftResult']['draft']>;

/**
 * The answers as the form holds them (and keeps them in the draft): one string per question id — an option
 * id, option ids joined by spaces, a number or a text — plus, under keys no question id can take (they start
 * with `_`), the section on screen and the optional profile answers.
 */
export type SurveyValues = Record<string, string>;

/** The profile questions, by the API's field name; the form keeps each under `_<field>` (`_birthYear`). */
export const PROFILE = ['birthYear', 'gender', 'city', 'quartier', 'pcsGroup'] as const;
export type ProfileField = (typeof PROFILE)[number];
