import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { ErrorStatuses } from '../errors.ts';
import { API_SECURITY_HEADERS, bodyTooLarge, JSON_BODY_LIMIT, JSON_CONTENT_TYPE, PRE_READ_BODY, readBody } from '../http/api-guards.ts';
import { clientAddress, type TrustedProxies } from '../http/client-ip.ts';
import { errorAnswer } from '../http/errors.ts';
import { TENANT_ID } from '../http/openapi.ts';
import { nodeHeader } from '../http/request-headers.ts';
import { corsHeaders, originAccess } from './tenant-cors.ts';
import type { TenantDirectory } from './tenant-directory.ts';
import type { Tenant } from './tenants.store.ts';

/** A widget's call that the hot path let through: from an allowed origin of `tenant`, no session, a JSON body. */
export interface HotRequest {
  tenant: Tenant;
  /** The path's captures after the tenant id, undecoded. */
  params: string[];
  header(name: string): string | undefined;
  /** The body, parsed from JSON but not yet validated. */
  body: unknown;
  /** The client's address, as `clientIp` resolves it. */
  ip: string;
}

/** A hot route's answer: a status and a JSON body, with any headers of its own (beside, not instead of, the common ones). */
export interface HotAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * The regular expression of an operation's path under `/v1/tenants/{tenant}`, from its OpenAPI path: each
 * `{param}` one path segment, captured.
 *
 * @example
 * tenantPath('/consultations/{slug}/ballot'); // /^\/v1\/tenants\/([^/?#]+)\/consultations\/([^/?#]+)\/ballot$/
 */
export function tenantPath(path: string): RegExp {
  const pattern = `/v1/tenants/{tenant}${path}`
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\/]/g, '\\$&'))
    .join('([^/?#]+)');
  return new RegExp(`^${pattern}$`);
}

/**
 * One operation served without the Hono app, for the common case of the busiest widget call (a ballot at the
 * close of a vote). `handle` validates with the operation's own schemas and calls the same service as the
 * operation's Hono handler; it answers `undefined` to leave the request to the app (input its schemas refuse,
 * an option it does not take), which then answers as for any request.
 */
export interface HotRoute {
  method: string;
  /** The whole path (`tenantPath`): the first capture is the tenant id, the others are `params`. No query string. */
  path: RegExp;
  handle(request: HotRequest): Promise<HotAnswer | undefined>;
}

export interface HotRoutesOptions {
  routes: readonly HotRoute[];
  tenants: TenantDirectory;
  /** The API's own origin: a staff origin, left to the app. */
  ownOrigin: string | undefined;
  trustedProxies: TrustedProxies;
  errorStatuses: ErrorStatuses;
}

/** Content-Type of every JSON answer, as Hono's `c.json` sets it. */
const JSON_TYPE = 'application/json';

/**
 * The Node request listener of the API: a hot route's request in its common case (a widget's JSON call from
 * an allowed origin of an existing tenant, without a session, with a `Content-Length` within the limit) is
 * served in one pass; everything else, and whatever the route leaves, goes to the Hono app. Measured with
 * `npm run bench`, Hono's middleware chain, validators and web `Response` cost a ballot about as much CPU as
 * its durable write; the rules themselves (origin access, client address, body limit, error shape, security
 * headers) are the same functions the app's middleware uses.
 *
 * main.ts serves this listener and the tests call it through real node:http, so both paths are what runs in
 * production.
 */
export function hotRoutesListener(
  app: { fetch: (request: Request, env: unknown) => Response | Promise<Response> },
  options: HotRoutesOptions,
): RequestListener {
  // `app.fetch` read at each request, not once: a test counts the requests that reach the app by wrapping it.
  const appListener = getRequestListener((request, env) => app.fetch(request, env));
  const toApp = (req: IncomingMessage, res: ServerResponse, body?: string) => {
    if (body !== undefined) (req as { [PRE_READ_BODY]?: string })[PRE_READ_BODY] = body;
    return appListener(req, res);
  };
  return (req, res) => {
    for (const route of options.routes) {
      if (req.method !== route.method) continue;
      const match = route.path.exec(req.url ?? '');
      if (match) {
        serveHot(route, match, req, res, options, toApp).catch((error: unknown) => {
          // The request failed before an answer (the client went away mid-body, the database is down).
          if (res.headersSent) res.destroy();
          else writeAnswer(res, undefined, errorAnswer(options.errorStatuses, error, `${req.method} ${req.url}`));
        });
        return;
      }
    }
    void appListener(req, res);
  };
}

async function serveHot(
  route: HotRoute,
  match: RegExpExecArray,
  req: IncomingMessage,
  res: ServerResponse,
  options: HotRoutesOptions,
  toApp: (req: IncomingMessage, res: ServerResponse, body?: string) => unknown,
): Promise<void> {
  // Bound, not an arrow function: under tsx, esbuild's `keepNames` names each declared arrow with a call as it is
  // made, half a microsecond at every request.
  const header: (name: string) => string | undefined = nodeHeader.bind(undefined, req.headers);
  const origin = header('origin');
  const length = header('content-length');
  const tenantId = match[1];
  if (
    origin === undefined ||
    header('authorization') !== undefined ||
    length === undefined ||
    !(Number(length) <= JSON_BODY_LIMIT) ||
    !JSON_CONTENT_TYPE.test(header('content-type') ?? '') ||
    !TENANT_ID.test(tenantId)
  ) {
    return void toApp(req, res);
  }
  const tenant = await options.tenants.get(tenantId);
  const access = tenant && originAccess(tenant, origin, options.ownOrigin);
  if (!tenant || !access?.allowed || access.fromStaffOrigin) return void toApp(req, res);

  const text = await readBody(req, JSON_BODY_LIMIT);
  // More bytes than its Content-Length said: Node's parser refuses that first, so this is a safety net.
  if (text === undefined) return writeAnswer(res, origin, { status: 413, body: bodyTooLarge(JSON_BODY_LIMIT) });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return void toApp(req, res, text);
  }
  const ip = clientAddress(req.socket.remoteAddress ?? '127.0.0.1', header, options.trustedProxies);
  let answer: HotAnswer | undefined;
  try {
    answer = await route.handle({ tenant, params: match.slice(2), header, body, ip });
  } catch (error) {
    answer = errorAnswer(options.errorStatuses, error, `${req.method} ${req.url}`);
  }
  if (!answer) return void toApp(req, res, text);
  writeAnswer(res, origin, answer);
}

/** The headers every hot answer carries, as a flat [name, value, …] list (see `writeAnswer`). */
const COMMON_HEADERS: readonly string[] = Object.entries({ 'Cache-Control': 'no-store', ...API_SECURITY_HEADERS, 'Content-Type': JSON_TYPE }).flat();

/** Each allowed origin's headers (its CORS headers, then the common ones), built once per origin. */
const headersByOrigin = new Map<string, readonly string[]>();

function answerHeaders(origin: string | undefined): readonly string[] {
  if (origin === undefined) return COMMON_HEADERS;
  let headers = headersByOrigin.get(origin);
  if (!headers) {
    // Only allowed origins are answered with CORS headers: a bound that a working server never reaches.
    if (headersByOrigin.size >= 1000) headersByOrigin.clear();
    headers = [...Object.entries(corsHeaders(origin)).flat(), ...COMMON_HEADERS];
    headersByOrigin.set(origin, headers);
  }
  return headers;
}

/**
 * Writes a JSON answer with the headers the app's middleware would have set on it. The headers go to
 * `writeHead` as one flat list, built once per origin: spreading them into an object at every answer cost
 * about a fifth of this function's CPU (`npm run bench`, profiled with perf).
 */
function writeAnswer(res: ServerResponse, origin: string | undefined, answer: HotAnswer): void {
  const json = JSON.stringify(answer.body);
  const headers = [...answerHeaders(origin)];
  for (const name in answer.headers) headers.push(name, answer.headers[name]);
  headers.push('Content-Length', String(Buffer.byteLength(json)));
  res.writeHead(answer.status, headers);
  res.end(json);
}
