import { z } from 'zod';
import { DomainError, ErrorCode } from './errors.ts';
import { zodIssues } from './http/errors.ts';
import { visibleJson, visibleText } from './http/text.ts';
import type { ConsultationKind } from './consultations/consultations.store.ts';
import { SurveySettingsSchema } from './surveys/surveys.schemas.ts';
import { BudgetSettingsSchema, VoteSettingsSchema } from './votes/votes.schemas.ts';

type SettingsSchema = z.ZodType<Record<string, unknown>>;

const anySettings: SettingsSchema = z.record(z.string().superRefine(visibleText()), z.unknown()).superRefine(visibleJson());

/**
 * The kind-specific part of a consultation (a vote's options, a budget's projects, a survey's questions…).
 * Each feature puts its schema here; the consultation service validates `settings` with it on create and
 * update, so a consultation in the database is always one its feature can run.
 */
export const settingsSchemas: Record<ConsultationKind, SettingsSchema> = {
  vote: VoteSettingsSchema,
  budget: BudgetSettingsSchema,
  survey: SurveySettingsSchema,
  proposals: anySettings,
  resources: anySettings,
};

/** @throws DomainError `validation_failed` with paths under `settings.` */
export function parseSettings(kind: ConsultationKind, settings: unknown): Record<string, unknown> {
  const result = settingsSchemas[kind].safeParse(settings);
  if (result.success) return result.data;
  throw new DomainError(ErrorCode.validationFailed, `The settings do not fit a "${kind}" consultation`, {
    issues: zodIssues(result.error).map((issue) => ({ ...issue, path: issue.path === '(body)' ? 'settings' : `settings.${issue.path}` })),
  });
}
