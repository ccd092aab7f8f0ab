import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { DomainError, ErrorCode } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { ErrorSchema, zodIssues } from './errors.ts';

/**
 * A feature's router. Validation failures of any zod schema at the edge become the one error shape
 * (`validation_failed` with `issues`), through `app.onError`.
 *
 * @example
 * export const accountsRoutes = (deps) => createRouter().openapi(signUpRoute, async (c) => …);
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new DomainError(ErrorCode.validationFailed, 'The request is not valid', {
          issues: zodIssues(result.error as z.ZodError),
        });
      }
    },
  });
}

const errorContent = { 'application/json': { schema: ErrorSchema } };

/** The error responses an operation documents, by status. */
export function errorResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Invalid request (`validation_failed`, with `issues`)',
    401: 'Missing, expired or revoked session token',
    403: 'Not allowed (origin outside the tenant list, not staff, account required…)',
    404: 'Not found',
    409: 'Conflict with the current state',
    413: 'Body too large',
    415: 'Only application/json is accepted',
    422: 'Well-formed but breaks a rule of the consultation',
    429: 'Too many attempts; see Retry-After',
  };
  return Object.fromEntries(
    statuses.map((status) => [status, { description: descriptions[status] ?? 'Error', content: errorContent }]),
  );
}

/** A JSON request body, required. */
export function jsonBody<T extends ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { 'application/json': { schema } } } as const;
}

/** A JSON success response. */
export function jsonResponse<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** What a tenant id (its slug) may be; checked before any lookup (`tenantCors`). */
export const TENANT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Path parameter `{tenant}`, present on every widget-facing route. */
export const TenantParam = z
  .string()
  .regex(TENANT_ID)
  .openapi({ param: { name: 'tenant', in: 'path' }, example: 'montjoli', description: 'The collectivité’s slug' });

/** An ISO 8601 instant in responses. */
export const Instant = z.iso.datetime().openapi({ example: '2027-03-01T08:00:00.000Z' });
export const toInstant = (ms: number) => new Date(ms).toISOString();
export const toInstantOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const bearerSecurity = [{ bearer: [] as string[] }];
