/**
 * A mocked Civique API for stories: `fetch` answers from a route table instead of the network, so every state
 * (loading, server error, validation errors…) can be shown without a server.
 *
 * @example
 * mockApi({
 *   'GET /me': { body: me },
 *   'POST /auth/sign-in': { status: 401, body: { error: { code: 'invalid_credentials', message: '…' } } },
 *   'GET /consultations/budget-2027': { delay: 'forever' },
 * });
 */
export interface MockAnswer {
  status?: number;
  body?: unknown;
  /** Milliseconds before answering, or `'forever'` to stay loading. */
  delay?: number | 'forever';
  /** A network failure instead of an answer. */
  networkError?: boolean;
}

export type MockRoutes = Record<string, MockAnswer | ((request: Request) => MockAnswer)>;

const realFetch = globalThis.fetch.bind(globalThis);

/** Keys are `METHOD /path` relative to `/v1/tenants/<tenant>`, or `METHOD /v1/…` for other API paths. */
export function mockApi(routes: MockRoutes): void {
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/v1/')) return realFetch(input, init);
    const relative = url.pathname.replace(/^\/v1\/tenants\/[^/]+/, '') || '/';
    const route = routes[`${request.method} ${relative}`] ?? routes[`${request.method} ${url.pathname}`];
    const answer = typeof route === 'function' ? route(request) : route;
    if (!answer) {
      return json(404, { error: { code: 'not_found', message: `No mocked route for ${request.method} ${relative}` } });
    }
    if (answer.delay === 'forever') return new Promise<Response>(() => {});
    if (answer.delay) await new Promise((resolve) => setTimeout(resolve, answer.delay as number));
    if (answer.networkError) throw new TypeError('Failed to fetch');
    return json(answer.status ?? 200, answer.body);
  };
}

function json(status: number, body: unknown): Response {
  return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The demo tenant as getTenant returns it. */
export const tenant = {
  slug: 'montjoli',
  name: 'Ville de Montjoli',
  quartiers: ['Centre-ville', 'Les Coteaux', 'Le Val Fleuri', 'Quartier de la Gare', 'Les Prés Hauts'],
};
