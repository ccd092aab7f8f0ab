/**
 * What the stories share: a page session over the mocked API of `widgets/testing/mock-api.ts` (the same one the
 * widget tests use), set up before a story renders and undone before the next, and small helpers for `play`
 * functions that act inside a widget's shadow root. Nothing here reaches the network: the mocked API answers
 * every request to `MOCK_API`, and the widgets know no other API.
 */
import type { Me } from '../widgets/core/api-types.ts';
import { provideSession, Session, type EmbedProblem } from '../widgets/core/session.ts';
import { removeByPrefix, storageKey } from '../widgets/core/storage.ts';
import { apiError, issuedSession, mockApi, MOCK_API, MOCK_TENANT, type MockAnswered, type MockRoute } from '../widgets/testing/mock-api.ts';

export interface StorySetup {
  /** Signed in as this account: a session token is stored, and `GET me` answers it (unless `routes` says otherwise). */
  account?: Me;
  /** The mocked API's answers, `'METHOD path'` → answer (see `widgets/testing/mock-api.ts`). */
  routes?: Record<string, MockRoute>;
  /** The address bar's fragment when the story opens, e.g. a mailed link's `#civique-reset=`; `{code}` becomes a fresh code. */
  hash?: string;
  /** localStorage entries left by an earlier visit (drafts), under their key after `civique:<tenant>:`. */
  stored?: Record<string, unknown>;
}

/** The page's keys (`civique:montjoli:…`), in both storages. */
const clearStorage = () => removeByPrefix(storageKey(MOCK_TENANT, ''));
const clearHash = () => history.replaceState(history.state, '', location.pathname + location.search);

let visits = 0;

/**
 * Every answer the mocked API gave on this page, kept where the smoke test (`stories.e2e.ts`) reads it to check
 * each one against the OpenAPI document: a mocked body that drifts from the real API fails the test.
 */
const answered: MockAnswered[] = ((window as unknown as { civiqueMockAnswers?: MockAnswered[] }).civiqueMockAnswers ??= []);

/**
 * A story's `beforeEach`: clears what an earlier story left (storage, fragment), installs the mocked API and
 * whatever the story starts from; returns the cleanup Storybook runs before the next story, which puts the
 * real `fetch` back.
 *
 * @example
 * export const RateLimited: Story = {
 *   beforeEach: mockedApi({ routes: { 'POST auth/sign-in': apiError(429, 'rate_limited', undefined, { 'Retry-After': '900' }) } }),
 * };
 */
export function mockedApi(setup: StorySetup = {}): () => () => void {
  return () => {
    clearStorage();
    clearHash();
    const routes: Record<string, MockRoute> = { ...setup.routes };
    if (setup.account) {
      sessionStorage.setItem(storageKey(MOCK_TENANT, 'token'), issuedSession(setup.account).token);
      routes['GET me'] ??= { body: setup.account };
    }
    for (const [key, value] of Object.entries(setup.stored ?? {})) localStorage.setItem(storageKey(MOCK_TENANT, key), JSON.stringify(value));
    // A mailed link's code is read once per page: each visit of the story gets a code of its own.
    if (setup.hash)
      history.replaceState(history.state, '', `${location.pathname}${location.search}${setup.hash.replace('{code}', `story${Date.now()}x${++visits}`)}`);

    const real = window.fetch;
    const api = mockApi(routes, answered);
    const mocked = window.fetch;
    // Only the widgets' API is mocked: Storybook's own requests (its index, in development) go through.
    window.fetch = (input, init) => (requestUrl(input).startsWith(MOCK_API) ? mocked(input, init) : real(input, init));
    return () => {
      api.restore(); // the real `fetch` again
      clearStorage();
      clearHash();
    };
  };
}

const requestUrl = (input: RequestInfo | URL) => (input instanceof Request ? input.url : String(input));

/**
 * `element` inside a wrapper that provides the page's session, as the loader does on `<html>`: a new session
 * for each render, so no story inherits another's sign-in. `tenant: null` is a snippet without `data-tenant`.
 *
 * @example
 * render: () => withSession(accountElement({ initialView: 'sign-up' })),
 */
export function withSession(element: HTMLElement, tenant: string | null = MOCK_TENANT): HTMLElement {
  const root = document.createElement('div');
  const session = new Session({ api: MOCK_API, tenant: tenant ?? undefined });
  provideSession(root, session);
  void session.start();
  root.append(element);
  return root;
}

/**
 * The tenant's answer behind each way an embed can fail, for every element's embedding-error stories (a story
 * per problem, tagged `embed-problem:<problem>`: `stories/embed-coverage.ts` checks that none is missing).
 * `missing_tenant` has no answer: its story renders `withSession(element, null)`.
 *
 * @example
 * export const OriginNotAllowed: Story = { tags: ['embed-problem:origin_not_allowed'], beforeEach: embedProblem('origin_not_allowed') };
 */
export function embedProblem(problem: Exclude<EmbedProblem, 'missing_tenant'>, setup: StorySetup = {}): () => () => void {
  const answers: Record<typeof problem, MockRoute> = {
    origin_not_allowed: apiError(403, 'origin_not_allowed'),
    tenant_not_found: apiError(404, 'tenant_not_found'),
    network_error: 'network-error',
    unavailable: apiError(500, 'internal_error'),
  };
  return mockedApi({ ...setup, routes: { ...setup.routes, 'GET ': answers[problem] } });
}

/** Until `check` returns something truthy (a widget rendering, a lazy chunk arriving); throws after `timeout` ms. */
export async function waitFor<T>(check: () => T | null | undefined | false, what: string, timeout = 5000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`[stories] gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Acts on a widget from its light-DOM host, the way a citizen would: through its shadow root.
 *
 * @example
 * const account = shadow(canvasElement.querySelector('civ-account')!);
 * await account.fill('#sign-in-email', 'camille@example.fr');
 * await account.submit('sign-in');
 */
export function shadow(host: HTMLElement) {
  const root = () => host.shadowRoot;
  const find = <E extends Element = HTMLElement>(selector: string) => root()?.querySelector<E>(selector) ?? null;
  const updated = () => (host as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  const buttonNamed = (label: string) => [...(root()?.querySelectorAll('button') ?? [])].find((button) => button.textContent!.trim() === label) ?? null;
  return {
    find,
    /** Waits for `selector` to render, then returns it. */
    waitFor: <E extends Element = HTMLElement>(selector: string) => waitFor(() => find<E>(selector), selector),
    async fill(selector: string, value: string): Promise<void> {
      const input = await waitFor(() => find<HTMLInputElement | HTMLSelectElement>(selector), selector);
      input.value = value;
      input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
      await updated();
    },
    async check(selector: string): Promise<void> {
      const box = await waitFor(() => find<HTMLInputElement>(selector), selector);
      if (!box.checked) box.click();
      await updated();
    },
    async submit(formId: string): Promise<void> {
      (await waitFor(() => find<HTMLFormElement>(`form#${formId}`), `form#${formId}`)).requestSubmit();
      await updated();
    },
    async click(label: string): Promise<void> {
      (await waitFor(() => buttonNamed(label), `the button “${label}”`)).click();
      await updated();
    },
    /** Waits until the widget's text contains `text`. */
    until: (text: string) => waitFor(() => root()?.textContent?.replace(/\s+/g, ' ').includes(text), `“${text}”`),
  };
}
