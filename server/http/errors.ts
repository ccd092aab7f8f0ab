import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';
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
  [ErrorCode.methodNotAllowed]: 405,
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

/** The code an `HTTPException` of Hono's takes, by its status. */
const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.validationFailed,
  401: ErrorCode.unauthenticated,
  413: ErrorCode.payloadTooLarge,
  415: ErrorCode.unsupportedMediaType,
};

export function errorBody(code: string, message: string, issues?: ErrorIssue[]): ErrorBody {
  return { error: issues && issues.length > 0 ? { code, message, issues } : { code, message } };
}

/**
 * Turns zod issues into the error shape's `issues`, with dotted paths (`profile.birthYear`). A custom issue
 * may name its own code in `params.code` (e.g. `forbidden_character`).
 */
export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((issue) => {
    const own = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
    return {
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
      code: typeof own === 'string' ? own : issue.code,
    };
  });
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
      if (statuses[code] !== undefined && statuses[code] !== status)
        throw new Error(`[civique] error code ${code} declared with ${statuses[code]} and ${status}`);
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
  return (error: Error, c: Context): Response => {
    const answer = errorAnswer(statuses, error, `${c.req.method} ${new URL(c.req.url).pathname}`);
    return c.json(answer.body, answer.status, answer.headers);
  };
}

/**
 * The client went away before its request's body was complete (a phone losing its network mid-upload): there is
 * no one left to answer and nothing wrong on our side, so it is not logged as an error.
 */
export class RequestAborted extends Error {}

/** An error's answer: its status, the one error shape, and its headers (`Retry-After`). */
export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/**
 * The answer to an error thrown while handling `request` (method and path, for the log): the one rule behind
 * `app.onError` and the hot routes (`hot-routes.ts`).
 */
export function errorAnswer(statuses: ErrorStatuses, error: unknown, request: string): ErrorAnswer {
  if (error instanceof DomainError && statuses[error.code] === undefined) {
    console.error(`[civique] bug: error code ${error.code} is declared by no feature`, request, error);
    return { status: 500, body: errorBody(ErrorCode.internal, 'Something went wrong on our side; please try again') };
  }
  if (error instanceof DomainError) {
    const status = statuses[error.code] as ContentfulStatusCode;
    const retryAfter = error.details.retryAfterSeconds;
    return {
      status,
      body: errorBody(error.code, error.message, error.details.issues),
      headers: retryAfter !== undefined ? { 'Retry-After': String(Math.ceil(retryAfter)) } : undefined,
    };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    // Hono's own refusals (e.g. a body that is not JSON) speak the API's codes, so `Error.code` stays a closed list.
    const code = HTTP_EXCEPTION_CODES[status] ?? ErrorCode.internal;
    return { status, body: errorBody(code, error.message || 'Request refused') };
  }
  if (error instanceof RequestAborted) {
    return { status: 400, body: errorBody(ErrorCode.validationFailed, 'The request ended before its body was complete') };
  }
  if (error instanceof SyntaxError) {
    return { status: 400, body: errorBody(ErrorCode.validationFailed, 'The body is not valid JSON') };
  }
  console.error('[civique] unexpected error', request, error);
  return { status: 500, body: errorBody(ErrorCode.internal, 'Something went wrong on our side; please try again') };
}

/**
 * `app.notFound`, given the app's routes: a path that some route serves with other methods is a 405 with
 * `Allow` (what Hono's `method-not-allowed` middleware answers), any other a 404. Worked out here, on the way to
 * an error, rather than in a middleware, which would add a step to every request, the ballot's included.
 */
export function handleNotFound(routes: () => readonly RouterRoute[]) {
  let methodsOf: TrieRouter<string[]> | undefined;
  return (c: Context): Response => {
    const path = new URL(c.req.url).pathname;
    if (!methodsOf) {
      const byPath = new Map<string, Set<string>>();
      for (const route of routes()) {
        if (route.method === 'ALL') continue; // middleware
        const methods = byPath.get(route.path) ?? new Set<string>();
        methods.add(route.method);
        if (route.method === 'GET') methods.add('HEAD');
        byPath.set(route.path, methods);
      }
      methodsOf = new TrieRouter<string[]>();
      for (const [route, methods] of byPath) methodsOf.add('ALL', route, [...methods]);
    }
    const allowed = new Set(methodsOf.match('ALL', c.req.path)[0].flatMap(([methods]) => methods));
    if (allowed.size > 0 && !allowed.has(c.req.method)) {
      const allow = [...allowed].join(', ');
      return c.json(errorBody(ErrorCode.methodNotAllowed, `${c.req.method} is not allowed on ${path} (allowed: ${allow})`), 405, { Allow: allow });
    }
    return c.json(errorBody(ErrorCode.notFound, `No route for ${c.req.method} ${path}`), 404);
  };
}
