/** One entry of the server's `issues`: a dotted path into the request body (`profile.birthYear`) and why. */
export interface ApiIssue {
  path: string;
  message: string;
  /** Why, for machines: `too_short`, `common`, `contains_email`, `wrong_password`, or zod's own codes. */
  code?: string;
}

/**
 * The server answered with an error, in its one shape `{"error":{"code","message","issues"?}}`. `code` is
 * one of the server's error codes (`weak_password`, `rate_limited`…) and drives the message a citizen reads;
 * the server's `message` is English and meant for developers.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** From `Retry-After`, on `rate_limited`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * No answer from the server at all: offline, DNS, timeout, or a CORS refusal the browser hides. Nothing is
 * known about whether the request reached the server.
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly code = 'network_error';
  readonly status = 0;
  readonly issues: ApiIssue[] = [];
  constructor(cause: unknown) {
    super('The Civique API could not be reached', { cause });
  }
}

/** What every API call may reject with. */
export type RequestFailure = ApiError | NetworkError;

export const isRequestFailure = (error: unknown): error is RequestFailure => error instanceof ApiError || error instanceof NetworkError;

export interface ApiClientOptions {
  /** The API's base URL as the webmaster gave it (`data-api`): an origin, optionally with a path prefix. */
  api: string;
  tenant: string;
  /** The current bearer token, read at each request so a sign-in elsewhere on the page is seen at once. */
  token?: () => string | null | undefined;
  /**
   * Called when a request that carried a token is answered `unauthenticated` (401), or answered as for a signed-out
   * visitor with `WWW-Authenticate: Bearer error="invalid_token"`: the session is over.
   */
  onUnauthorized?: () => void;
  /** Attempts after the first, on network failure, for idempotent methods only. */
  retries?: number;
  /** How long one attempt may wait for an answer before it counts as no answer (default 15 s). */
  timeoutMs?: number;
}

export interface RequestOptions {
  /** Send the bearer token (default true). Public reads go without it so they stay simple CORS requests. */
  auth?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. the anonymous `Civique-Participant` id). */
  headers?: Record<string, string>;
}

/** `https://api.example.fr/civique` + `montjoli` → `https://api.example.fr/civique/v1/tenants/montjoli/`. */
export function tenantBaseUrl(api: string, tenant: string): string {
  return new URL(`v1/tenants/${encodeURIComponent(tenant)}/`, api.endsWith('/') ? api : `${api}/`).href;
}

/** The server's answer, in its one error shape, as an `ApiError`. */
async function apiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as { error?: Partial<ApiError> } | undefined;
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(
    response.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? `HTTP ${response.status}`,
    Array.isArray(body?.error?.issues) ? body!.error!.issues : [],
    retryAfter > 0 ? retryAfter : undefined,
  );
}

/** How long one attempt may wait for an answer before it counts as no answer (`ApiClientOptions.timeoutMs`). */
const TIMEOUT_MS = 15_000;
/** Methods whose repetition changes nothing: only these are sent again after a network failure. */
const IDEMPOTENT = ['GET', 'PUT', 'DELETE', 'HEAD'];

/**
 * One request with its timeout, sent again after a network failure (with 0.3 s, then 0.6 s… up to 2 s between
 * attempts) when it is idempotent. An abort by the caller is passed on as it is.
 */
async function send(url: string, init: RequestInit, retries: number, timeoutMs: number): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const abort = () => controller.abort(init.signal?.reason);
    init.signal?.addEventListener('abort', abort);
    if (init.signal?.aborted) abort();
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs);
    try {
      return await fetch(url, { ...init, signal: controller.signal });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      // fetch rejects with a TypeError when nothing came back; a timeout is no answer either, but is not repeated.
      if (timedOut || !IDEMPOTENT.includes(init.method!) || attempt >= retries || !(error instanceof TypeError)) throw new NetworkError(error);
    } finally {
      clearTimeout(timer);
      init.signal?.removeEventListener('abort', abort);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 300 * 2 ** attempt)));
  }
}

/**
 * The widgets' HTTP client for `/v1/tenants/<tenant>/…`, on `fetch`. Every failure rejects with an `ApiError`
 * (the server answered) or a `NetworkError` (it did not). A network failure is retried for idempotent
 * methods only (GET, PUT, DELETE…), never for POST or PATCH: a sign-up or a ballot must not be sent twice.
 *
 * @example
 * const api = new ApiClient({ api: 'https://participer.example.fr', tenant: 'montjoli', token: () => token });
 * const me = await api.get<Me>('me');
 * await api.post('auth/sign-in', { email, password, remember: false });
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly #options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.#options = options;
    this.baseUrl = tenantBaseUrl(options.api, options.tenant);
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.#json<T>('GET', path, undefined, options);
  }

  /** `body`: JSON, or a `Blob` sent as it is, under its own type (a picture). */
  post<T = void>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.#json<T>('POST', path, body, options);
  }

  /** Idempotent (a ballot, a survey response, a draft): retried like GET on a network failure. */
  put<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.#json<T>('PUT', path, body, options);
  }

  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.#json<T>('PATCH', path, body, options);
  }

  delete<T = void>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.#json<T>('DELETE', path, body, options);
  }

  /** The raw response, for the rare caller that needs headers (e.g. a download's file name). */
  async response(path: string, options?: RequestOptions): Promise<Response> {
    return this.#send('GET', path, undefined, options);
  }

  async #json<T>(method: string, path: string, body: unknown, options?: RequestOptions): Promise<T> {
    const response = await this.#send(method, path, body, options);
    const text = response.status === 204 ? '' : await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async #send(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<Response> {
    const token = options.auth === false ? undefined : this.#options.token?.();
    const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    // A picture goes as it is (its type is the request's); anything else as JSON.
    if (body !== undefined && !(body instanceof Blob)) headers['content-type'] = 'application/json';
    const init: RequestInit = {
      method,
      headers,
      signal: options.signal,
      credentials: 'omit',
      body: body === undefined || body instanceof Blob ? body : JSON.stringify(body),
    };
    // The tenant itself is `/v1/tenants/<tenant>`, without the trailing slash the other paths hang from.
    const url = path ? this.baseUrl + path.replace(/^\//, '') : this.baseUrl.slice(0, -1);
    const response = await send(url, init, this.#options.retries ?? 2, this.#options.timeoutMs ?? TIMEOUT_MS);
    if (!response.ok) {
      const failure = await apiError(response);
      // Only `unauthenticated` ends the session (a wrong password typed again inside it is `wrong_password`, 403).
      if (failure.code === 'unauthenticated' && token) this.#options.onUnauthorized?.();
      throw failure;
    }
    // A public operation answers a stale token as for a signed-out visitor and names it stale (RFC 6750 §3).
    if (token && /invalid_token/.test(response.headers.get('WWW-Authenticate') ?? '')) this.#options.onUnauthorized?.();
    return response;
  }
}
