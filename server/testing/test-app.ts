import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiListener, createApp, createServices, type AppDeps } from '../app.ts';
import { createFakeClock, DAY, type FakeClock } from '../clock.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { parseTrustedProxies } from '../http/client-ip.ts';
import type { MailMessage, Mailer } from '../mail/mailer.ts';
import { randomSecrets } from '../secrets.ts';
import { DEMO_TENANT } from '../seed/demo.ts';
import { createSqliteStore, type Store } from '../store.ts';
import type { Consultation } from '../consultations/consultations.store.ts';

export const TENANT = DEMO_TENANT.id;
export const ORIGIN = DEMO_TENANT.allowedOrigins[0];
export const RETURN_URL = `${ORIGIN}/mon-compte.html`;
/** The API's own origin in tests, where the staff console is served: staff sessions are opened and used from it. */
export const STAFF_ORIGIN = 'http://127.0.0.1:8787';
/** A password that passes every rule. */
export const GOOD_PASSWORD = 'Le chat de Montjoli dort 3 fois';

export interface CallOptions {
  json?: unknown;
  /** Raw body, sent as is (for malformed-JSON and content-type tests, and images). */
  body?: string | Buffer;
  token?: string;
  /** The socket peer address (the client IP unless a trusted proxy forwards another). */
  ip?: string;
  origin?: string | null;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A memory mailer that can be told to fail, for the outbox tests. */
export function createMemoryMailer(): Mailer & { sent: MailMessage[]; failNext: number } {
  const mailer = {
    sent: [] as MailMessage[],
    failNext: 0,
    async send(message: MailMessage) {
      if (mailer.failNext > 0) {
        mailer.failNext--;
        throw new Error('SMTP unavailable');
      }
      mailer.sent.push(message);
    },
  };
  return mailer;
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: ReturnType<typeof createServices>;
  store: Store;
  db: Db;
  clock: FakeClock;
  mailer: ReturnType<typeof createMemoryMailer>;
  /** Set when the app runs on a file (`{ file: true }`). */
  dbFile?: string;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<CallResult<T>>;
  /** The real node:http server `call` speaks to, listening on 127.0.0.1 at the port it resolves to. */
  listen(): Promise<{ server: Server; port: number }>;
  /** Signs up a citizen and returns the token and account id. */
  signUp(email?: string, password?: string): Promise<{ token: string; id: string; email: string }>;
  /**
   * Signs in from the staff console's origin (a staff session when the account holds roles). Calls with the
   * token returned come from that origin unless told otherwise.
   */
  signInStaff(
    email: string,
    options?: { password?: string; tenant?: string },
  ): Promise<{ token: string; id: string; staffOf: { tenant: string; roles: string[] }[] }>;
  /** `SELECT count(*) …` straight from the database, for assertions on what was (not) written. */
  count(sql: string, ...params: unknown[]): number;
  /** Creates a consultation directly in the store, open now unless told otherwise. */
  addConsultation(overrides?: Partial<Consultation>): Promise<Consultation>;
  close(): Promise<void>;
}

let emailCounter = 0;

/** Carries the peer address a test speaks from to the test server, which sets it on the socket and drops it. */
const TEST_PEER_HEADER = 'x-civique-test-peer';

/**
 * A whole Civique app on a fresh database with a fake clock, the demo tenant and an in-memory mailer.
 *
 * @example
 * const t = await createTestApp();
 * const res = await t.call('GET', '/v1/tenants/montjoli/consultations');
 */
export async function createTestApp(
  options: {
    file?: boolean;
    trustedProxies?: string;
    deps?: Partial<AppDeps>;
    checkpointAttempts?: number;
    /** `false`: serve the Hono app alone, without the hot routes (`tenants/hot-routes.ts`). */
    hot?: boolean;
  } = {},
): Promise<TestApp> {
  const dir = options.file ? mkdtempSync(join(tmpdir(), 'civique-test-')) : undefined;
  const dbFile = dir ? join(dir, 'civique.db') : undefined;
  const db = openDatabase(dbFile ?? ':memory:');
  migrate(db);
  const store = createSqliteStore(db, { checkpointAttempts: options.checkpointAttempts });
  const clock = createFakeClock();
  const mailer = createMemoryMailer();
  const deps: AppDeps = {
    store,
    clock,
    mailer,
    secrets: randomSecrets(),
    trustedProxies: parseTrustedProxies(options.trustedProxies ?? ''),
    publicOrigin: STAFF_ORIGIN,
    ...options.deps,
  };
  const services = createServices(deps);
  const app = createApp(deps, services);
  await store.tenants.upsert({ ...DEMO_TENANT, createdAt: clock.now() });

  // Calls go through real node:http and @hono/node-server, as in production (body read from the socket, headers
  // from Node's parsed ones); only the peer address is set per request, so a test can speak from any address.
  const listener = createApiListener(deps, services, app, { hot: options.hot });
  const server = createServer((req, res) => {
    const peer = req.headers[TEST_PEER_HEADER];
    delete req.headers[TEST_PEER_HEADER];
    Object.defineProperty(req.socket, 'remoteAddress', { value: peer, configurable: true });
    void listener(req, res);
  });
  // The listening socket keeps no test process alive (a test file that forgets close() still ends).
  const agent = new Agent({ keepAlive: true });
  let listening: Promise<number> | undefined;
  const port = () =>
    (listening ??= new Promise<number>((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      server.unref();
    }));

  const staffTokens = new Set<string>();
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...o.headers, [TEST_PEER_HEADER]: o.ip ?? '198.51.100.7' };
    if (o.origin !== null) headers.origin = o.origin ?? (o.token && staffTokens.has(o.token) ? STAFF_ORIGIN : ORIGIN);
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | Buffer | undefined = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] ??= 'application/json';
    }
    if (body !== undefined) headers['content-length'] ??= String(Buffer.byteLength(body));
    const serverPort = await port();
    const { status, text, responseHeaders } = await new Promise<{ status: number; text: string; responseHeaders: Headers }>((resolve, reject) => {
      let answered = false;
      const req = httpRequest({ host: '127.0.0.1', port: serverPort, method, path, headers, agent }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const one of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, one);
          }
          resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8'), responseHeaders });
        });
      });
      // A refused oversize body may be answered before it is all sent (EPIPE): the answer is what the test reads.
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      req.end(body);
    });
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status, body: parsed, headers: responseHeaders };
  };

  return {
    app,
    services,
    store,
    db,
    clock,
    mailer,
    dbFile,
    call,
    async listen() {
      return { server, port: await port() };
    },
    async signUp(email = `citoyen${++emailCounter}@example.fr`, password = GOOD_PASSWORD) {
      // Sign-up answers 202 whoever owns the address and opens no session: the citizen signs in next.
      const ip = `192.0.2.${(emailCounter % 250) + 1}`;
      const res = await call('POST', `/v1/tenants/${TENANT}/auth/sign-up`, { json: { email, password, returnUrl: RETURN_URL }, ip });
      if (res.status !== 202) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
      const signIn = await call('POST', `/v1/tenants/${TENANT}/auth/sign-in`, { json: { email, password }, ip });
      if (signIn.status !== 200) throw new Error(`sign-in after sign-up failed: ${signIn.status} ${JSON.stringify(signIn.body)}`);
      return { token: signIn.body.token, id: signIn.body.me.id, email };
    },
    async signInStaff(email, { password = GOOD_PASSWORD, tenant = TENANT } = {}) {
      const res = await call('POST', `/v1/tenants/${tenant}/auth/sign-in`, {
        json: { email, password },
        origin: STAFF_ORIGIN,
        ip: `203.0.113.${(++emailCounter % 250) + 1}`,
      });
      if (res.status !== 200) throw new Error(`staff sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
      staffTokens.add(res.body.token);
      return { token: res.body.token, id: res.body.me.id, staffOf: res.body.me.staffOf };
    },
    count(sql, ...params) {
      const row = db.prepare(sql).get(...params) as Record<string, number>;
      return Object.values(row)[0];
    },
    async addConsultation(overrides = {}) {
      const now = clock.now();
      const consultation: Consultation = {
        id: `c-${Math.random().toString(36).slice(2)}`,
        tenantId: TENANT,
        slug: `consultation-${Math.random().toString(36).slice(2, 8)}`,
        kind: 'vote',
        title: 'Une consultation',
        description: '',
        opensAt: now - DAY,
        closesAt: now + 30 * DAY,
        retentionEnd: now + 365 * DAY,
        privacyNotice: { purposes: ['Compter les votes'], recipients: ['Ville de Montjoli'], retention: '1 an' },
        allowAnonymous: true,
        stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 20, windowMinutes: 1440 }, perPrefix: { max: 200, windowMinutes: 1440 } },
        settings: {},
        purgedAt: null,
        createdAt: now,
        updatedAt: now,
        ...overrides,
      };
      await store.consultations.insert(consultation);
      return consultation;
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      server.close();
      services.outboxWorker.stop();
      services.retention.stop();
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pulls the single-use code out of a mailed link (`#civique-verify=…`, `#civique-reset=…`, `#civique-cancel-email=…`). */
export function codeFromMail(text: string, kind: 'verify' | 'reset' | 'cancel-email'): string {
  const match = new RegExp(`#civique-${kind}=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${kind} link in mail:\n${text}`);
  return match[1];
}
