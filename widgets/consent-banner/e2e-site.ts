/**
 * A tiny commune website for the banner's page-level tests (`*.e2e.ts`): a node:http server on 127.0.0.1
 * that serves test pages under a strict Content-Security-Policy (Trusted Types enforced), the freshly built
 * consent.js, and collects CSP reports; plus a Chromium page whose requests to third parties are observed
 * and answered with fakes, never sent to the network.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { buildRelease } from '../tools/build-release.ts';
import type { ConsentConfig } from './consent-config.ts';

export const NONCE = 'bW9udGpvbGktbm9uY2UtMjAyNw';

/** The CSP of a careful webmaster: nothing inline, nothing from elsewhere but what a nonce vouches for. */
export const STRICT_CSP =
  `default-src 'self'; script-src 'self' 'nonce-${NONCE}'; style-src 'self'; img-src 'self'; ` +
  `frame-src https://video.example.net; require-trusted-types-for 'script'; trusted-types lit-html civique-consent; report-uri /csp-report`;

/** The brief's bare policy: only the site's own files, Trusted Types enforced. */
export const SELF_ONLY_CSP = `script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; report-uri /csp-report`;

export const CONFIG: ConsentConfig = {
  version: '2027-01',
  privacyUrl: '/mentions-legales.html',
  purposes: [
    {
      id: 'audience',
      title: 'Mesure d’audience',
      description: 'Google Analytics nous dit quelles pages sont lues.',
      services: [{ name: 'Google Analytics', cookies: ['_ga', '_ga_*'] }],
      consentMode: ['analytics_storage'],
    },
    { id: 'video', title: 'Vidéos', description: 'Les vidéos du conseil municipal.', services: [{ name: 'Vidéo tierce' }] },
    { id: 'stats', exempt: true, title: 'Statistiques de visite', services: [{ name: 'Matomo (hébergé par la ville)', cookies: ['_pk_id*'] }] },
  ],
};

/** Third-party files the pages tag; the browser gets these fakes instead of the network. */
export const THIRD_PARTY: Record<string, { body: string; type: string; delayMs?: number }> = {
  'https://stats.example.net/audience.js': {
    // Slow on purpose: the next tagged script must still wait for it (document order).
    delayMs: 300,
    type: 'text/javascript',
    body: `(window.ran ||= []).push('audience.js');
      document.cookie = '_ga=GA1.1.42.1700000000; path=/; max-age=3600';
      document.cookie = '_ga_TEST=GS1.1.1700000000; path=/; max-age=3600';
      window.dataLayer.push({ event: 'audience-ran', position: window.dataLayer.length });`,
  },
  'https://stats.example.net/second.js': { type: 'text/javascript', body: `(window.ran ||= []).push('second.js');` },
  'https://www.googletagmanager.com/gtag/js?id=G-TEST': { type: 'text/javascript', body: `(window.ran ||= []).push('gtag.js');` },
  'https://video.example.net/embed/conseil': { type: 'text/html', body: '<!doctype html><title>Vidéo</title><p>Vidéo du conseil municipal</p>' },
};

/** Files of the site itself (same origin as the pages). */
const SITE_FILES: Record<string, { body: string; type: string }> = {
  '/fake/matomo.js': {
    type: 'text/javascript',
    body: `(window.ran ||= []).push('matomo.js'); document.cookie = '_pk_id.1.fa11=visitor; path=/; max-age=3600';`,
  },
  '/site.js': {
    type: 'text/javascript',
    body: `document.getElementById('manage-by-event')?.addEventListener('click', () =>
      document.dispatchEvent(new CustomEvent('civ-consent-open', { bubbles: true, composed: true })));`,
  },
  '/theme.css': {
    type: 'text/css',
    body: `:root { --civ-color-primary: rgb(0, 100, 0); --civ-radius: 0; }
      civ-consent-banner::part(button) { text-transform: uppercase; }
      button { background: rgb(255, 0, 0); color: rgb(255, 255, 0); }`,
  },
  '/zoom.css': { type: 'text/css', body: `html { font-size: 200%; }` },
};

export interface PageOptions {
  config?: ConsentConfig | string;
  /** Extra attributes on consent.js's script tag (`data-api`, `data-tenant`). */
  snippet?: string;
  /** Markup before the banner (tagged scripts, iframes…). */
  body?: string;
  head?: string;
  csp?: string;
  lang?: string;
}

/** A commune page pasting the snippet as documented: the banner is written last, and must move itself first. */
export function communePage(options: PageOptions = {}): string {
  const config = typeof options.config == 'string' ? options.config : JSON.stringify(options.config ?? CONFIG);
  return `<!doctype html>
<html lang="${options.lang ?? 'fr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Ville de Montjoli</title>${options.head ?? ''}</head>
<body>
<a href="#contenu">Aller au contenu</a>
<header><p>Ville de Montjoli</p></header>
<main id="contenu"><h1>Bienvenue à Montjoli</h1><p>Les actualités de la commune.</p>
<p><a href="/mentions-legales.html" id="manage" data-civ-consent-open>Gérer mes cookies</a> <button id="manage-by-event" type="button">Cookies (événement)</button></p>
${options.body ?? ''}
</main>
<footer><p>© Ville de Montjoli</p></footer>
<script type="application/json" id="civ-consent-config">${config}</script>
<civ-consent-banner reopen-button></civ-consent-banner>
<script type="module" src="/widgets/consent.js" nonce="${NONCE}" ${options.snippet ?? ''}></script>
<script src="/site.js" nonce="${NONCE}"></script>
</body>
</html>`;
}

/** Tagged third-party content, in the order the tests expect it to run. */
export const TAGGED = `
<script type="text/plain" data-civ-purpose="audience" data-src="https://stats.example.net/audience.js"></script>
<script type="text/plain" data-civ-purpose="audience">(window.ran ||= []).push('inline');</script>
<script type="text/plain" data-civ-purpose="audience" data-src="https://stats.example.net/second.js"></script>
<script type="text/plain" data-civ-purpose="stats" data-src="/fake/matomo.js"></script>
<iframe data-civ-purpose="video" data-src="https://video.example.net/embed/conseil" title="Conseil municipal du 12 mars"></iframe>`;

/**
 * Builds consent.js with the project's own rollup configuration (the same plugins as `npm run build`), into
 * a temporary directory, so the tests exercise the code as it is now whatever state dist/ is in.
 */
export async function buildConsent(): Promise<string> {
  const releases = mkdtempSync(join(tmpdir(), 'civique-consent-'));
  return (await buildRelease(releases, { input: { consent: new URL('../consent.ts', import.meta.url).pathname } })).dir;
}

export interface Site {
  origin: string;
  /** CSP violation reports the browser sent to `report-uri`. */
  reports: unknown[];
  /** Serves `html` at `path`, under `csp` (default: the strict policy; '' for none). */
  page(path: string, html: string, csp?: string): void;
  close(): Promise<void>;
}

export async function startSite(dist: string): Promise<Site> {
  const pages = new Map<string, { html: string; csp: string }>();
  const reports: unknown[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path == '/csp-report') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        reports.push(JSON.parse(body || 'null'));
        res.writeHead(204).end();
      });
      return;
    }
    const page = pages.get(path);
    if (page) {
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      if (page.csp) headers['content-security-policy'] = page.csp;
      return res.writeHead(200, headers).end(page.html);
    }
    const file = SITE_FILES[path];
    if (file) return res.writeHead(200, { 'content-type': file.type }).end(file.body);
    if (path.startsWith('/widgets/') && /^[\w/.-]+\.js$/.test(path) && !path.includes('..')) {
      try {
        return res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(dist, path.slice('/widgets/'.length))));
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Page introuvable');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    reports,
    page(path, html, csp = STRICT_CSP) {
      pages.set(path, { html, csp });
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** What a test sees of one browser tab. */
export interface Visit {
  context: BrowserContext;
  page: Page;
  /** Every request that left for a host other than the test site (answered with a fake, or refused). */
  thirdParty: string[];
  errors: string[];
  /** `securitypolicyviolation` events seen in the page, shadow roots included. */
  violations(): Promise<unknown[]>;
  close(): Promise<void>;
}

/**
 * Opens a tab whose third-party requests are observed: known ones get their fake, anything else is refused.
 * `https://www.montjoli.test/…` is served from the local site, to test an https page without a certificate.
 */
export async function visit(
  browser: Browser,
  site: Site,
  options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number; passThrough?: string } = {},
): Promise<Visit> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: options.deviceScaleFactor });
  const thirdParty: string[] = [];
  const errors: string[] = [];
  await context.route(
    (url) => url.origin != site.origin && url.origin != options.passThrough,
    async (route, request: Request) => {
      const url = request.url();
      if (url.startsWith('https://www.montjoli.test/')) {
        const response = await route.fetch({ url: url.replace('https://www.montjoli.test', site.origin) });
        return route.fulfill({ response });
      }
      thirdParty.push(url);
      const fake = THIRD_PARTY[url];
      if (!fake) return route.abort('blockedbyclient');
      if (fake.delayMs) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
      return route.fulfill({ status: 200, contentType: fake.type, body: fake.body, headers: { 'access-control-allow-origin': '*' } });
    },
  );
  await context.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { __violations: unknown[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }), true);
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() == 'error') errors.push(`console: ${message.text()}`);
  });
  return {
    context,
    page,
    thirdParty,
    errors,
    violations: () => page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations),
    close: () => context.close(),
  };
}

/** Loads a page and waits until the banner has decided whether to show itself. */
export async function open(v: Visit, url: string): Promise<void> {
  await v.page.goto(url);
  await v.page.waitForFunction(() => document.querySelector('civ-consent-banner')?.shadowRoot?.querySelector('section, .reopen'));
}

/** The banner's first-party cookie as the browser holds it. */
export async function consentCookie(v: Visit, url?: string) {
  return (await v.context.cookies(url)).find((c) => c.name == 'civique_consent');
}

export const choiceOf = (cookie: { value: string } | undefined) => (cookie ? JSON.parse(decodeURIComponent(cookie.value)) : undefined);
