import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AccountService } from './accounts.service.ts';
import { fail } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { operationKey, STALE_TOKEN_CHALLENGE } from '../http/openapi.ts';
import { requestHeader } from '../http/request-headers.ts';

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(header ?? '');
  return match?.[1];
}

/**
 * Reads `Authorization: Bearer <token>` once per request. No header means an anonymous request. A header with an
 * unknown, revoked or expired token is a 401 on operations that declare the bearer security, so the widget learns
 * to forget it; a public operation (declared without security), or a path that is no operation, answers as for a
 * signed-out visitor instead, and says `WWW-Authenticate: Bearer error="invalid_token"` so the widget still forgets it.
 *
 * @example
 * app.use('/v1/tenants/:tenant/*', readSession(accounts, (key) => key === 'GET /v1/tenants/{tenant}/me'));
 */
export function readSession(accounts: AccountService, isSecuredOperation: (key: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = requestHeader(c, 'authorization');
    c.set('account', undefined);
    c.set('session', undefined);
    if (header !== undefined && c.req.method !== 'OPTIONS') {
      const token = bearerToken(header);
      const found = token ? await accounts.authenticate(token) : undefined;
      if (found) {
        c.set('account', found.account);
        c.set('session', found.session);
      } else if (isSecuredOperation(declaredOperation(c))) {
        throw fail.unauthenticated();
      } else {
        c.header('WWW-Authenticate', STALE_TOKEN_CHALLENGE);
      }
    }
    await next();
  };
}

/** The operation a request reached, as the document names it: `GET /v1/tenants/{tenant}/consultations/{slug}`. */
function declaredOperation(c: Context): string {
  const handler = matchedRoutes(c).at(-1);
  return handler ? operationKey(c.req.method, handler.path.replace(/:(\w+)/g, '{$1}')) : '';
}

/** Routes for signed-in citizens only. */
export const requireAccount: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('account')) throw fail.unauthenticated();
  await next();
};
