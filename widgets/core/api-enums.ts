/**
 * Every set of values the API can send that a citizen may read, as unions taken from the server's own types.
 * Each one's labels are typed `Labels<…>` in the strings, French and English: a value added on the server
 * and not labelled fails the type check, so a code identifier (`surveyResponse`) never reaches a citizen.
 * One place to re-point when the widgets' API types come from the OpenAPI document instead.
 */
import type { z } from '@hono/zod-openapi';
import type { ProfileSchema } from '../../server/accounts/accounts.schemas.ts';
import type { ConsultationKind as ServerConsultationKind } from '../../server/consultations/consultations.store.ts';
import type { BallotStatus, QuarantineItemSchema } from '../../server/votes/votes.schemas.ts';

/** What a participation is, in `GET me/participations`: a ballot (vote or budget) or a survey response. */
export type ParticipationKind = z.infer<typeof QuarantineItemSchema>['kind'];
/** Whether a participation counts, waits for staff review, or was rejected by it. */
export type ParticipationStatus = z.infer<typeof BallotStatus>;
export type ConsultationKind = ServerConsultationKind;
export type Gender = NonNullable<z.infer<typeof ProfileSchema>['gender']>;

/** One label per value, for a citizen. */
export type Labels<Value extends string> = { readonly [V in Value]: string };

/**
 * A value's label, or `fallback` for a value newer than these widgets (never the raw identifier).
 *
 * @example
 * label(strings.kinds, item.kind, strings.unknownKind); // 'Réponse à un questionnaire'
 */
export const label = <Value extends string>(labels: Labels<Value>, value: string, fallback: string): string =>
  (labels as Record<string, string>)[value] ?? fallback;
