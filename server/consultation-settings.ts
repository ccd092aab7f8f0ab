import { z } from '@hono/zod-openapi';
import { DomainError, ErrorCode } from './errors.ts';
import { zodIssues } from './http/errors.ts';
import type { ConsultationKind } from './consultations/consultations.store.ts';
import { consultationFields, createConsultationFields, Settings } from './consultations/consultations.schemas.ts';
import { ProposalsSettingsSchema } from './proposals/proposals.schemas.ts';
import { SurveySettingsSchema } from './surveys/surveys.schemas.ts';
import { BudgetSettingsSchema, VoteSettingsSchema } from './votes/votes.schemas.ts';
import { ResourcesSettingsSchema } from './resources/resources.schemas.ts';
import { boardPrivacyDurations, type NoticeLine } from './resources/resources.privacy.ts';
import type { ResourcesSettings } from './resources/resources.service.ts';

type SettingsSchema = z.ZodType<Record<string, unknown>>;

/**
 * The kind-specific part of a consultation (a vote's options, a budget's projects, a survey's questions…).
 * Each feature puts its schema here; the consultation service validates `settings` with it on create and
 * update, so a consultation in the database is always one its feature can run.
 */
export const settingsSchemas: Record<ConsultationKind, SettingsSchema> = {
  vote: VoteSettingsSchema,
  budget: BudgetSettingsSchema,
  survey: SurveySettingsSchema,
  proposals: ProposalsSettingsSchema,
  resources: ResourcesSettingsSchema,
};

const createVariant = <K extends ConsultationKind, S extends z.ZodType>(kind: K, settings: S, name: string) =>
  z.strictObject({ ...createConsultationFields, kind: z.literal(kind), settings }).openapi(name);

/**
 * A new consultation: one variant per kind, told apart by `kind`, each with its kind's settings schema (named in
 * the OpenAPI document, so that an editor can be generated from it).
 */
export const CreateConsultationBody = z
  .discriminatedUnion('kind', [
    createVariant('vote', VoteSettingsSchema, 'CreateVoteConsultation'),
    createVariant('budget', BudgetSettingsSchema, 'CreateBudgetConsultation'),
    createVariant('survey', SurveySettingsSchema, 'CreateSurveyConsultation'),
    createVariant('proposals', ProposalsSettingsSchema.prefault({}), 'CreateProposalsConsultation'),
    createVariant('resources', ResourcesSettingsSchema, 'CreateResourcesConsultation'),
  ])
  .openapi('CreateConsultation');

const updateVariant = <K extends ConsultationKind, S extends z.ZodType>(kind: K, settings: S, name: string) =>
  z
    .strictObject({ ...consultationFields, settings })
    .partial()
    .extend({ kind: z.literal(kind).openapi({ description: 'Must be the consultation’s kind; it cannot change' }) })
    .openapi(name);

/**
 * A change: only what it names. With `kind` (the consultation's own), settings are checked against that kind's
 * schema here; without it, the service checks them against the stored kind, as before `kind` was accepted.
 */
export const UpdateConsultationBody = z
  .discriminatedUnion('kind', [
    z
      .strictObject({ ...consultationFields, settings: Settings })
      .partial()
      .extend({
        kind: z.undefined().optional().openapi({ type: 'null', not: {}, description: 'Absent (`not: {}`): the settings are checked against the stored kind' }),
      })
      .openapi('UpdateConsultationFields'),
    updateVariant('vote', VoteSettingsSchema, 'UpdateVoteConsultation'),
    updateVariant('budget', BudgetSettingsSchema, 'UpdateBudgetConsultation'),
    updateVariant('survey', SurveySettingsSchema, 'UpdateSurveyConsultation'),
    updateVariant('proposals', ProposalsSettingsSchema, 'UpdateProposalsConsultation'),
    updateVariant('resources', ResourcesSettingsSchema, 'UpdateResourcesConsultation'),
  ])
  .openapi('UpdateConsultation');

/** @throws DomainError `validation_failed` with paths under `settings.` */
export function parseSettings(kind: ConsultationKind, settings: unknown): Record<string, unknown> {
  const result = settingsSchemas[kind].safeParse(settings);
  if (result.success) return result.data;
  throw new DomainError(ErrorCode.validationFailed, `The settings do not fit a "${kind}" consultation`, {
    issues: zodIssues(result.error).map((issue) => ({ ...issue, path: issue.path === '(body)' ? 'settings' : `settings.${issue.path}` })),
  });
}

/**
 * The durations a kind's privacy notice states on its own, computed from the rules its code applies (staff write
 * the rest of the notice): none for most kinds.
 */
export function privacyDurations(kind: ConsultationKind, settings: Record<string, unknown>): NoticeLine[] | undefined {
  return kind === 'resources' ? boardPrivacyDurations(settings as unknown as ResourcesSettings) : undefined;
}
