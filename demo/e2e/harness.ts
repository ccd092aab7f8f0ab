/**
 * End-to-end harness: the real server (`server/main.ts`, as `npm start` runs it) on a fresh data folder, with
 * the API on http://127.0.0.1:8787 and the demo commune on http://localhost:8080 — two origins, so CORS is
 * exercised for real — and Debian's Chromium driven by playwright-core.
 *
 * @example
 * const demo = await startDemo();
 * const page = await demo.browser.newPage();
 * await page.goto(`${demo.site}/mon-compte.html`);
 * await demo.stop();
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../../server/testing/processes.ts';
import { launchChromium } from '../../widgets/tools/chromium.ts';

export const API = 'http://127.0.0.1:8787';
export const SITE = 'http://localhost:8080';
export const STAFF = { email: 'agent@montjoli.fr', password: 'Mot de passe agent démo 2027' };

export interface Demo {
  api: string;
  site: string;
  browser: Browser;
  server: ServerProcess;
  dataDir: string;
  /** Stops the server only (the data folder stays), e.g. to make a submit fail. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same data folder. */
  startServer(): Promise<void>;
  /** Mails the server printed (no SMTP in e2e), newest last. */
  mails(): string[];
  stop(): Promise<void>;
}

/** `extraEnv`: more of the server's environment, e.g. `SMTP_URL` for a real SMTP listener instead of printed mails. */
export async function startDemo(extraEnv: Record<string, string> = {}): Promise<Demo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civique-e2e-'));
  const env = { DATA_DIR: dataDir, PORT: '8787', DEMO_PORT: '8080', CIVIQUE_DEMO_STAFF_PASSWORD: STAFF.password, ...extraEnv };
  let output = '';
  const demo: Demo = {
    api: API,
    site: SITE,
    browser: await launchChromium(),
    server: await startServer(env),
    dataDir,
    async stopServer() {
      output += demo.server.output();
      await demo.server.stop();
    },
    async startServer() {
      demo.server = await startServer(env);
    },
    mails() {
      return (output + demo.server.output()).split('[civique] mail to ').slice(1);
    },
    async stop() {
      await demo.browser.close();
      await demo.server.stop();
    },
  };
  return demo;
}

/** Collects what must never happen on a page: console errors, uncaught exceptions, CSP violations. */
export function watchPage(page: Page): { problems: string[] } {
  const watch = { problems: [] as string[] };
  page.on('console', (message) => {
    // With the URL: a failed request only says "Failed to load resource" in its text.
    if (message.type() === 'error') watch.problems.push(`console: ${message.text()}${message.location().url ? ` (${message.location().url})` : ''}`);
  });
  page.on('pageerror', (error) => watch.problems.push(`exception: ${error.message}`));
  return watch;
}
