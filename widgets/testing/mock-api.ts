/**
 * A fake Civique API for browser tests and stories: it replaces `window.fetch`, answers
 * `/v1/tenants/<tenant>/…` from a table of routes, and records every request so a test can assert what
 * the widget sent. Nothing here is bundled into the widgets.
 *
 * @example
 * const api = mockApi({ 'POST auth/sign-in': { status: 200, body: issuedSession() } });
 * …
 * expect(api.last('POST auth/sign-in')?.body).to.deep.equal({ email: 'a@b.fr', password: '…', remember: false });
 * api.restore();
 */
import type { IssuedSession, Me, Tenant } from '../core/api-types.ts';

export const MOCK_API = 'https://api.civique.test';
export const MOCK_TENANT = 'montjoli';

export interface MockRequest {
  method: string;
  /** The path after `/v1/tenants/<any tenant>/`, e.g. `auth/sign-in`, `me/export`, `` for the tenant. */
  path: string;
  /** The query string, `?format=csv`, or ''. */
  search: string;
  /** The JSON body, or the raw bytes of any other body (a picture) as a Blob. */
  body: unknown;
  headers: Headers;
  /** The query string's parameters (`q`, `cursor`…). */
  query: URLSearchParams;
}

/** An answer the mock gave, as the page received it: what the Storybook smoke test checks against the OpenAPI document. */
export interface MockAnswered {
  method: string;
  /** The request's full path, e.g. `/v1/tenants/montjoli/auth/sign-in`. */
  path: string;
  status: number;
  /** The JSON body sent, or undefined when there was none. */
  body: unknown;
}

/** An answer: a status and a JSON body (and headers), or a request that never gets one. */
export type MockAnswer = { status?: number; body?: unknown; headers?: Record<string, string> } | 'network-error';
export type MockRoute = MockAnswer | ((request: MockRequest) => MockAnswer | Promise<MockAnswer>);

/** `{"error":{"code","message","issues"?}}`, the server's one error shape. */
export function apiError(
  status: number,
  code: string,
  issues?: { path: string; message: string; code?: string }[],
  headers?: Record<string, string>,
): MockAnswer {
  return { status, body: { error: { code, message: `mock ${code}`, ...(issues ? { issues } : {}) } }, headers };
}

export function tenant(overrides: Partial<Tenant> = {}): Tenant {
  return { slug: MOCK_TENANT, name: 'Ville de Montjoli', quartiers: ['Centre-ville', 'Les Coteaux', 'Le Val Fleuri'], ...overrides };
}

export function me(overrides: Partial<Me> = {}, profile: Partial<Me['profile']> = {}): Me {
  return {
    id: 'acc-1',
    email: 'camille@example.fr',
    emailVerified: true,
    pendingEmail: null,
    locale: 'fr',
    createdAt: '2027-01-10T09:00:00.000Z',
    restricted: false,
    objected: false,
    staffOf: [],
    ...overrides,
    profile: {
      pseudonym: null,
      firstName: null,
      lastName: null,
      phone: null,
      postalAddress: null,
      birthYear: null,
      gender: null,
      city: null,
      quartier: null,
      avatar: null,
      pcsGroup: null,
      showAge: false,
      showGender: false,
      showCity: false,
      showQuartier: false,
      ...profile,
    },
  };
}

export function issuedSession(account: Me = me()): IssuedSession {
  return { token: 'tok_0123456789abcdefghijklmnopqrstuvwxyz', expiresAt: '2027-02-10T09:00:00.000Z', me: account };
}

export class MockApi {
  readonly requests: MockRequest[] = [];
  readonly #routes: Map<string, MockRoute>;
  /** Every answer given (a list shared across mocks when the constructor gets one). */
  readonly answers: MockAnswered[];
  readonly #original = window.fetch;

  constructor(routes: Record<string, MockRoute>, answers: MockAnswered[] = []) {
    this.answers = answers;
    this.#routes = new Map(Object.entries({ 'GET ': { body: tenant() }, ...routes }));
    window.fetch = (input, init) => this.#answer(new Request(input, init));
  }

  /** Sets (or replaces) the answer of `METHOD path`. */
  on(route: string, answer: MockRoute): this {
    this.#routes.set(route, answer);
    return this;
  }

  /** The requests sent to `METHOD path`, oldest first. */
  sent(route: string): MockRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === route);
  }

  last(route: string): MockRequest | undefined {
    return this.sent(route).at(-1);
  }

  restore(): void {
    window.fetch = this.#original;
  }

  async #answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    // `/v1/tenants/x` is the tenant (path ''); `/v1/tenants/x/` is nothing, as on the real server.
    const rest = /^\/v1\/tenants\/[^/]+(\/.*)?$/.exec(url.pathname);
    const path = !rest ? url.pathname : rest[1] === undefined ? '' : rest[1] === '/' ? '/' : rest[1].slice(1);
    const json = !request.headers.get('content-type') || request.headers.get('content-type')!.includes('json');
    const text = request.body && json ? await request.text() : '';
    const sent = !request.body ? undefined : json ? (text ? JSON.parse(text) : undefined) : await request.blob();
    const recorded: MockRequest = { method: request.method, path, body: sent, headers: request.headers, query: url.searchParams, search: url.search };
    this.requests.push(recorded);
    const route = this.#routes.get(`${request.method} ${path}`);
    const answer = typeof route === 'function' ? await route(recorded) : (route ?? apiError(404, 'not_found'));
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    const status = answer.status ?? 200;
    const body = status === 204 || answer.body === undefined ? null : JSON.stringify(answer.body);
    this.answers.push({ method: request.method, path: url.pathname, status, body: body === null ? undefined : JSON.parse(body) });
    return new Response(body, { status, headers: { 'content-type': 'application/json', ...answer.headers } });
  }
}

export const mockApi = (routes: Record<string, MockRoute> = {}, answers?: MockAnswered[]) => new MockApi(routes, answers);
