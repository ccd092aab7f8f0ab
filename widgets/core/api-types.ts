/**
 * The API's data as the widgets receive it, from the types openapi-typescript generates out of the server's
 * OpenAPI document (`api-schema.generated.ts`), so the widgets and the API cannot drift apart.
 */
import type { components, operations } from './api-schema.generated.ts';

type Schemas = components['schemas'];

export type Me = Schemas['Me'];
export type Profile = Schemas['Profile'];
export type IssuedSession = Schemas['Session'];
export type UpdateMe = Schemas['UpdateMe'];
export type Tenant = Schemas['Tenant'];
/** A consultation as `getConsultation` returns it, `S` being its kind's settings (a vote's options, a survey's questions…). */
export type Consultation<S = Record<string, unknown>> = Omit<Schemas['Consultation'], 'settings'> & { settings: S };
/** One entry of `GET me/participations` (the server builds it from each feature's personal-data entry). */
export type Participation = Schemas['ParticipationList']['participations'][number];
/** `GET me/export`: everything held about the citizen, one section per feature. */
export type DataExport = Schemas['Export'];
/** The one error shape; `code` is one of the codes the server can send. */
export type ApiErrorBody = Schemas['Error'];
export type ApiErrorCode = ApiErrorBody['error']['code'];

/** The JSON body of an operation's answer with the given status, by `operationId`. */
export type ResponseBody<Op extends keyof operations, Status extends keyof operations[Op]['responses']> = operations[Op]['responses'][Status] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;
/** The JSON body an operation takes, by `operationId`. */
export type RequestBody<Op extends keyof operations> = operations[Op]['requestBody'] extends { content: { 'application/json': infer Body } } | undefined
  ? Body
  : never;
