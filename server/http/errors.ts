import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';
import { DomainError, ErrorCode, type ErrorIssue, type ErrorStatuses } from '../errors.ts';

/** The one error shape of the API. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorSchema>;

/** The codes every feature shares (`errors.ts`), with their status. */
export const commonErrorStatuses: ErrorStatuses = {
  [ErrorCode.validationFailed]: 400,
  [ErrorCode.weakPassword]: 400,
  [ErrorCode.invalidCode]: 400,
  [ErrorCode.unauthenticated]: 401,
  [ErrorCode.invalidCredentials]: 401,
  // Not 401: the session is fine, only the password typed again is wrong.
  [ErrorCode.wrongPassword]: 403,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.originNotAllowed]: 403,
  [ErrorCode.accountRequired]: 403,
  [ErrorCode.verifiedEmailRequired]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.tenantNotFound]: 404,
  [ErrorCode.consultationNotFound]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.emailTaken]: 409,
  [ErrorCode.consultationNotOpen]: 409,
  [ErrorCode.consultationClosed]: 409,
  [ErrorCode.payloadTooLarge]: 413,
  [ErrorCode.unsupportedMediaType]: 415,
  [ErrorCode.rateLimited]: 429,
  [ErrorCode.internal]: 500,
};

/** Other refusals by Hono itself (HTTPException), with their own status. */
export const HTTP_ERROR = 'http_error';

export function errorBody(code: string, message: string, issues?: ErrorIssue[]): ErrorBody {
  return { error: issues && issues.length > 0 ? { code, message, issues } : { code, message } };
}

/** Turns zod issues into the error shape's `issues`, with dotted paths (`profile.birthYear`). */
export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * Merges the features' error lists; a code declared twice with two statuses stops the start.
 *
 * @example
 * assembleErrorStatuses([commonErrorStatuses, { ballot_over_budget: 422 }]);
 */
export function assembleErrorStatuses(lists: readonly ErrorStatuses[]): ErrorStatuses {
  const statuses: Record<string, ErrorStatuses[string]> = {};
  for (const list of lists) {
    for (const [code, status] of Object.entries(list)) {
      if (statuses[code] !== undefined && statuses[code] !== status) throw new Error(`[civique] error code ${code} declared with ${statuses[code]} and ${status}`);
      statuses[code] = status;
    }
  }
  return statuses;
}

/**
 * `app.onError`: a typed error becomes its declared status and shape; a code no feature declared is a bug (500,
 * logged), like anything else unexpected.
 */
export function createErrorHandler(statuses: ErrorStatuses) {
  return (error: Error, c: Context): Response => handleError(statuses, error, c);
}

function handleError(statuses: ErrorStatuses, error: Error, c: Context): Response {
  if (error instanceof DomainError && statuses[error.code] === undefined) {
    console.error(`[civique] bug: error code ${error.code} is declared by no feature`, c.req.method, new URL(c.req.url).pathname, error);
    return c.json(errorBody(ErrorCode.internal, 'Something went wrong on our side; please try again'), 500);
  }
  if (error instanceof DomainError) {
    const status = statuses[error.code] as ContentfulStatusCode;
    if (error.details.retryAfterSeconds !== undefined) c.header('Retry-After', String(Math.ceil(error.details.retryAfterSeconds)));
    return c.json(errorBody(error.code, error.message, error.details.issues), status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? ErrorCode.payloadTooLarge : status === 401 ? ErrorCode.unauthenticated : HTTP_ERROR;
    return c.json(errorBody(code, error.message || 'Request refused'), status);
  }
  if (error instanceof SyntaxError) {
    return c.json(errorBody(ErrorCode.validationFailed, 'The body is not valid JSON'), 400);
  }
  console.error('[civique] unexpected error', c.req.method, new URL(c.req.url).pathname, error);
  return c.json(errorBody(ErrorCode.internal, 'Something went wrong on our side; please try again'), 500);
}

export function handleNotFound(c: Context): Response {
  return c.json(errorBody(ErrorCode.notFound, `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
