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

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (`validation_failed`, with `issues`)',
  401: 'Missing, expired or revoked session token',
  403: 'Not allowed (origin outside the tenant list, not staff, account required…)',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Body too large (`payload_too_large`)',
  415: 'A body that is not application/json (`unsupported_media_type`)',
  422: 'Well-formed but breaks a rule of the consultation',
  429: 'Too many attempts; see Retry-After',
  500: 'A bug on the server (`internal_error`); nothing to fix on the client side',
};

/** The error responses an operation documents, by status. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, { description: ERROR_DESCRIPTIONS[status] ?? 'Error', content: errorContent }]));
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
/** `?limit=` of a paged list: 1 to 500 items, 100 unless asked. */
export const PageLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(500)
  .default(100)
  .openapi({ param: { name: 'limit', in: 'query' } });

/** The last instant formatted, and its text: ballots committed together mostly share their millisecond. */
let lastInstant = { ms: NaN, text: '' };

/**
 * An instant as the API writes it (ISO 8601, UTC, milliseconds). Formatting costs about half a microsecond, and
 * an answer often repeats its instant (`castAt` and `updatedAt` of a first ballot), as do the ballots of one
 * commit: the last one is kept. An invalid time throws, as `toISOString` does (NaN never equals the one kept).
 *
 * @example toInstant(Date.UTC(2027, 2, 1, 8)) // '2027-03-01T08:00:00.000Z'
 */
export function toInstant(ms: number): string {
  if (ms !== lastInstant.ms) lastInstant = { ms, text: new Date(ms).toISOString() };
  return lastInstant.text;
}
export const toInstantOrNull = (ms: number | null) => (ms === null ? null : toInstant(ms));

export const bearerSecurity = [{ bearer: [] as string[] }];

/** The header that tells a client its token was not accepted (RFC 6750 §3), on public operations that ignore it. */
export const STALE_TOKEN_CHALLENGE = 'Bearer error="invalid_token"';

/** `Content-Disposition` on answers meant to be saved as a file. */
export const attachmentHeader = {
  'Content-Disposition': {
    description: 'attachment, with a file name: the answer is meant to be saved',
    schema: { type: 'string' as const, example: 'attachment; filename="civique-mes-donnees-2027-03-01.json"' },
  },
};

const TAG_DESCRIPTIONS: Record<string, string> = {
  service: 'The API itself: liveness and this document',
  tenants: 'The collectivité a widget belongs to',
  accounts: 'Sign-up, sign-in, email confirmation, password reset and the profile',
  rights: 'Data rights: export, participations, account deletion',
  consent: 'Proofs of the choices made in the cookie banner',
  consultations: 'Votes, budgets and surveys as the collectivité publishes them',
  votes: 'Ballots, results and their quarantine',
  surveys: 'Survey responses, drafts and results',
  stats: 'Representativeness statistics for staff',
  moderation: 'Flags, the moderation queue and decisions with their statements of reasons',
  exports: 'Results and statistics as files for staff: JSON, or CSV for French spreadsheets',
  resources: 'The resource board: businesses’ profiles, offers and requests, relayed contact',
};

type Json = Record<string, any>;
const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const TENANT_PREFIX = '/v1/tenants/{tenant}';

/** `castBallot` → `PUT /v1/tenants/{tenant}/…`, the key that matches a request to its declared operation. */
export const operationKey = (method: string, openApiPath: string) => `${method.toUpperCase()} ${openApiPath}`;

/** The operations declared with `security`: a stale token is a 401 there; elsewhere it is ignored. */
export function securedOperations(document: Json): Set<string> {
  const keys = new Set<string>();
  for (const [path, methods] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(methods as Json)) if (operation.security) keys.add(operationKey(method, path));
  }
  return keys;
}

/**
 * Completes the generated document with what the shared middleware does to every operation, so that each
 * operation lists every status it can answer: the tenant guard (403 `origin_not_allowed`, 404
 * `tenant_not_found`), the body guard on writes (400 not JSON, 413, 415), `Retry-After` on every 429, the 500 of
 * `app.onError`, the security of public operations, the closed list of error codes, and the top-level tags.
 */
export function completeDocument(document: Json, options: { serverUrl: string; errorCodes: string[] }): Json {
  const doc = structuredClone(document);
  doc.servers = [{ url: options.serverUrl, description: 'This Civique server' }];
  doc.components.schemas.Error.properties.error.properties.code.enum = options.errorCodes;
  doc.components.headers = {
    ...doc.components.headers,
    RetryAfter: { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
    StaleToken: {
      description: `\`${STALE_TOKEN_CHALLENGE}\` when the request carried a token that is unknown, expired or revoked: the answer is the one a signed-out visitor gets, and the client should forget the token`,
      schema: { type: 'string', const: STALE_TOKEN_CHALLENGE },
    },
  };
  const used = new Set<string>();
  for (const [path, methods] of Object.entries(doc.paths as Json)) {
    for (const [method, operation] of Object.entries(methods as Json)) {
      const extra: number[] = [500];
      const perTenant = path.startsWith(TENANT_PREFIX);
      // The tenant guard: a malformed tenant id is a 400 before any lookup, an unknown one a 404, another
      // origin a 403.
      if (perTenant) extra.push(400, 403, 404);
      // Parameters and bodies go through zod at the edge (`createRouter`'s hook): 400 `validation_failed`.
      const validated = (operation.parameters ?? []).some((p: Json) => !(p.in === 'path' && p.name === 'tenant'));
      if (validated) extra.push(400);
      if (perTenant && WRITE_METHODS.has(method)) extra.push(400, 413, 415);
      const missing = [...new Set(extra)].filter((status) => !operation.responses[status]);
      const added = missing.map((status) => [
        status,
        { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      ]);
      operation.responses = sortByStatus({ ...operation.responses, ...Object.fromEntries(added) });
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        if (status === '429') response.headers = { ...response.headers, 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
        if (!operation.security && perTenant) response.headers = { ...response.headers, 'WWW-Authenticate': { $ref: '#/components/headers/StaleToken' } };
      }
      // A public operation reads a token when one comes (to link a consent proof to its account) and ignores a stale one.
      if (!operation.security) operation.security = perTenant ? [{}, ...bearerSecurity] : [];
      for (const tag of operation.tags ?? []) used.add(tag);
    }
  }
  doc.tags = [...used].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
  return doc;
}

function sortByStatus(responses: Json): Json {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
