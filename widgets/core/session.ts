import { ContextConsumer, ContextProvider, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiClient, ApiError, isRequestFailure, type RequestFailure } from './api-client.ts';
import type { IssuedSession, Me, Tenant } from './api-types.ts';
import { readItem, removeByPrefix, removeItem, storageKey, writeItem } from './storage.ts';

/** What the embed snippet says: the API's base URL and the collectivité's slug. */
export interface EmbedConfig {
  api: string;
  /** Missing when the webmaster forgot `data-tenant`. */
  tenant: string | undefined;
}

/** Why the widgets cannot work on this page; each is logged once and shown politely in every element. */
export type EmbedProblem = 'missing_tenant' | 'tenant_not_found' | 'origin_not_allowed' | 'network_error' | 'unavailable';

export type TenantState = { status: 'pending' } | { status: 'ready'; tenant: Tenant } | { status: 'failed'; problem: EmbedProblem; error?: RequestFailure };

/** Why the citizen is signed out, when the widgets should say so. */
export type SignedOutReason = 'signed-out' | 'expired' | 'deleted';

export type AuthState = { status: 'restoring' } | { status: 'signed-out'; reason?: SignedOutReason } | { status: 'signed-in'; me: Me };

/**
 * The page's one session, shared by every widget through `sessionContext`: the tenant (loaded once), the
 * signed-in account, and the API client that carries its token. It fires `change` whenever any of it
 * changes, so signing in in one widget updates every other.
 *
 * The token is kept in sessionStorage, or in localStorage when the citizen ticked "rester connecté"; it is
 * erased on sign-out, on a 401 and after the account's deletion (sign-out and deletion also erase drafts,
 * which may hold personal data).
 *
 * @example
 * const session = new Session({ api: 'https://participer.example.fr', tenant: 'montjoli' });
 * provideSession(document.documentElement, session);
 * await session.start();
 */
export class Session extends EventTarget {
  readonly config: EmbedConfig;
  readonly api: ApiClient;
  tenant: TenantState = { status: 'pending' };
  auth: AuthState = { status: 'signed-out' };
  /** Why the stored session could not be checked (the network, usually); the token is kept. */
  restoreError: RequestFailure | undefined;

  #token: string | null = null;
  #started: Promise<void> | undefined;

  constructor(config: EmbedConfig) {
    super();
    this.config = config;
    this.api = new ApiClient({
      api: config.api,
      tenant: config.tenant ?? '',
      token: () => this.#token,
      onUnauthorized: () => this.forget('expired'),
    });
    window.addEventListener('storage', (event) => {
      // Another tab signed out (or in) with a remembered session; sessionStorage never fires across tabs.
      if (event.key === this.#tokenKey) {
        if (event.newValue === null && this.#token !== null) this.forget('signed-out', false);
        else if (event.newValue && this.auth.status === 'signed-out') void this.restore();
      }
    });
  }

  get me(): Me | undefined {
    return this.auth.status === 'signed-in' ? this.auth.me : undefined;
  }

  /** The reason the widgets cannot work here, once known. */
  get problem(): EmbedProblem | undefined {
    return this.tenant.status === 'failed' ? this.tenant.problem : undefined;
  }

  get #tokenKey(): string {
    return storageKey(this.config.tenant ?? '', 'token');
  }

  /** Loads the tenant and restores a stored session, once; later calls share the first. */
  start(): Promise<void> {
    this.#started ??= Promise.all([this.loadTenant(), this.restore()]).then(() => undefined);
    return this.#started;
  }

  async loadTenant(): Promise<void> {
    if (!this.config.tenant) return this.#set({ tenant: { status: 'failed', problem: 'missing_tenant' } });
    this.#set({ tenant: { status: 'pending' } });
    try {
      // Without a token, so that the check stays a simple CORS request whose refusal can be read.
      const tenant = await this.api.get<Tenant>('', { auth: false });
      this.#set({ tenant: { status: 'ready', tenant } });
    } catch (error) {
      if (!isRequestFailure(error)) throw error;
      const known: EmbedProblem[] = ['tenant_not_found', 'origin_not_allowed', 'network_error'];
      const problem = known.find((code) => code === error.code) ?? 'unavailable';
      this.#set({ tenant: { status: 'failed', problem, error } });
    }
  }

  /** Checks a stored token with the server and signs in with it; a refused token is forgotten. */
  async restore(): Promise<void> {
    if (!this.config.tenant) return;
    const token = readItem('session', this.#tokenKey) ?? readItem('local', this.#tokenKey);
    if (!token) return this.#set({ auth: { status: 'signed-out' } });
    this.#token = token;
    this.#set({ auth: { status: 'restoring' }, restoreError: undefined });
    try {
      const me = await this.api.get<Me>('me');
      this.#set({ auth: { status: 'signed-in', me } });
    } catch (error) {
      if (!isRequestFailure(error)) throw error;
      // `unauthenticated` already went through forget(); anything else leaves the token for a later try.
      if (!(error instanceof ApiError && error.code === 'unauthenticated')) this.#set({ restoreError: error });
    }
  }

  /** After sign-up or sign-in: keeps the token where the citizen asked and tells every widget. */
  signedIn(issued: IssuedSession, remember: boolean): void {
    this.#token = issued.token;
    removeItem(remember ? 'session' : 'local', this.#tokenKey);
    writeItem(remember ? 'local' : 'session', this.#tokenKey, issued.token);
    this.#set({ auth: { status: 'signed-in', me: issued.me }, restoreError: undefined });
  }

  /** The server sent a newer `Me` (after a profile change, a verification…). */
  setMe(me: Me): void {
    if (this.auth.status === 'signed-in') this.#set({ auth: { status: 'signed-in', me } });
  }

  async refreshMe(): Promise<void> {
    if (this.auth.status === 'signed-in') this.setMe(await this.api.get<Me>('me'));
  }

  /** Revokes the session on the server (best effort: an unreachable server must not keep anyone signed in), then forgets it. */
  async signOut(): Promise<void> {
    try {
      if (this.#token) await this.api.post('auth/sign-out');
    } catch {
      // The token is erased below either way; the server expires it on its own.
    }
    this.forget('signed-out');
  }

  /**
   * Forgets the session on this device. Sign-out and deletion also erase the drafts (they may hold
   * personal data and the device may be shared); an expired session keeps them, so no input is lost.
   */
  forget(reason: SignedOutReason, eraseDrafts = reason !== 'expired'): void {
    this.#token = null;
    removeItem('session', this.#tokenKey);
    removeItem('local', this.#tokenKey);
    if (eraseDrafts) removeByPrefix(storageKey(this.config.tenant ?? '', 'draft', ''));
    this.#set({ auth: { status: 'signed-out', reason }, restoreError: undefined });
  }

  #set(patch: Partial<Pick<Session, 'tenant' | 'auth' | 'restoreError'>>): void {
    Object.assign(this, patch);
    this.dispatchEvent(new Event('change'));
  }
}

/** The context every widget consumes; the loader provides it on `<html>`. */
export const sessionContext = createContext<Session>(Symbol.for('civique.session'));

/**
 * Makes `session` the one every widget inside `root` uses (the loader does this on `<html>`; tests and
 * stories on a wrapper).
 *
 * @example
 * provideSession(document.documentElement, new Session({ api, tenant }));
 */
export function provideSession(root: HTMLElement, session: Session): ContextProvider<typeof sessionContext> {
  const provider = new ContextProvider(root, { context: sessionContext, initialValue: session });
  provider.hostConnected();
  return provider;
}

/**
 * Gives an element the page's session and re-renders it whenever the session changes.
 *
 * @example
 * class CivVote extends LitElement {
 *   readonly #session = new SessionController(this);
 *   render() { return this.#session.value?.me ? html`…` : html`…`; }
 * }
 */
export class SessionController implements ReactiveController {
  value: Session | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
    new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (session) => {
        this.value?.removeEventListener('change', this.#onChange);
        this.value = session;
        session.addEventListener('change', this.#onChange);
        host.requestUpdate();
      },
    });
  }

  hostDisconnected(): void {
    // The consumer asks again on reconnection, and the callback listens again.
    this.value?.removeEventListener('change', this.#onChange);
  }
}
