import { expect, fixture, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import type { CivAccount } from './account/account.element.ts';
import './account/account.ts';
import { readConfig, startAutoloader, type ElementImports } from './core/autoloader.ts';
import { installEmbed } from './core/embed.ts';
import type { EmbedConfig } from './core/session.ts';
import { apiError, mockApi, MOCK_API, type MockApi } from './testing/mock-api.ts';

const SCRIPT_URL = new URL('/cdn/widgets/v1/civique.js', location.href).href;
const until = (check: () => unknown) => waitUntil(() => Boolean(check()), undefined, { timeout: 4000 });

/** The webmaster's snippet; the type keeps the browser from running it. */
function pasteSnippet(attributes: Record<string, string>) {
  const script = document.createElement('script');
  script.type = 'text/x-civique-snippet';
  script.src = '/cdn/widgets/v1/civique.js';
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  document.head.append(script);
  return script;
}

/** Records console.error / console.warn while `run` runs. */
function recordConsole() {
  const errors: string[] = [];
  const warnings: string[] = [];
  const { error, warn } = console;
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  return { errors, warnings, restore: () => Object.assign(console, { error, warn }) };
}

let observer: MutationObserver | undefined;
let api: MockApi | undefined;
let snippet: HTMLScriptElement | undefined;
let logs: ReturnType<typeof recordConsole> | undefined;
afterEach(() => {
  observer?.disconnect();
  api?.restore();
  snippet?.remove();
  logs?.restore();
  observer = api = snippet = logs = undefined;
});

/** Element importers that only count their calls. */
function spies() {
  const imported: string[] = [];
  const elements: ElementImports = {
    'civ-vote': async () => void imported.push('civ-vote'),
    'civ-survey': async () => void imported.push('civ-survey'),
    'civ-proposals': async () => void imported.push('civ-proposals'),
  };
  return { imported, elements };
}

describe('civique.js (the loader)', () => {
  it('shows a polite, accessible message instead of a blank box, with ONE console error, when data-tenant is missing', async () => {
    logs = recordConsole();
    api = mockApi();
    snippet = pasteSnippet({ 'data-api': MOCK_API });
    const page = await fixture<HTMLElement>(html`<main><civ-account></civ-account><civ-account></civ-account></main>`);
    observer = startAutoloader({ scriptUrl: SCRIPT_URL, elements: {}, root: document, install: async (config) => installEmbed(config, page) });
    const [account, other] = page.querySelectorAll<CivAccount>('civ-account');
    await until(() => account.shadowRoot?.textContent?.includes('pas encore disponible'));
    await until(() => other.shadowRoot?.textContent?.includes('pas encore disponible'));
    await expect(account).to.be.accessible();
    expect(logs.errors).to.have.length(1);
    expect(logs.errors[0]).to.match(/^\[civique\] .*data-tenant/);
    expect(api.requests, 'nothing asked of the API without a tenant').to.have.length(0);
  });

  for (const [problem, answer, expected] of [
    [
      'unknown tenant',
      apiError(404, 'tenant_not_found'),
      /^\[civique\] Collectivité "nulle-part" inconnue de https:\/\/api\.civique\.test : vérifiez data-tenant/,
    ],
    [
      'origin not allowed',
      apiError(403, 'origin_not_allowed'),
      /^\[civique\] (http:\/\/localhost:\d+) n’est pas une origine autorisée de "nulle-part" : npm run civique -- origins add nulle-part \1 \(README\.md#allowing-a-sites-origin\)/,
    ],
    ['API unreachable', 'network-error', /^\[civique\] https:\/\/api\.civique\.test est injoignable : vérifiez data-api/],
  ] as const) {
    it(`says what to fix, once, on ${problem}`, async () => {
      logs = recordConsole();
      api = mockApi({ 'GET ': answer });
      const page = await fixture<HTMLElement>(html`<main><civ-account></civ-account><civ-account></civ-account></main>`);
      const config: EmbedConfig = { api: MOCK_API, tenant: 'nulle-part' };
      installEmbed(config, page);
      const [account] = page.querySelectorAll<CivAccount>('civ-account');
      await until(() => account.shadowRoot?.querySelector('[part="notice"]'));
      await until(() => logs!.errors.length > 0);
      expect(logs.errors).to.have.length(1);
      expect(logs.errors[0]).to.match(expected);
      expect(account.shadowRoot!.textContent!.trim()).not.to.equal('');
    });
  }

  it('reads data-tenant and data-api from its own script tag, the API defaulting to the script’s origin', () => {
    snippet = pasteSnippet({ 'data-tenant': 'montjoli', 'data-api': 'https://participer.example.fr' });
    expect(readConfig(SCRIPT_URL)).to.deep.equal({ api: 'https://participer.example.fr', tenant: 'montjoli' });
    snippet.removeAttribute('data-api');
    expect(readConfig(SCRIPT_URL)).to.deep.equal({ api: location.origin, tenant: 'montjoli' });
    expect(readConfig(new URL('/elsewhere/civique.js', location.href).href)).to.deep.equal({ api: location.origin, tenant: undefined });
  });

  it('imports only the civ-* elements on the page, and installs the session once, first', async () => {
    const { imported, elements } = spies();
    const installs: EmbedConfig[] = [];
    snippet = pasteSnippet({ 'data-tenant': 'montjoli' });
    await fixture(
      html`<div>
        <civ-vote></civ-vote>
        <p><civ-vote></civ-vote></p>
      </div>`,
    );
    observer = startAutoloader({
      scriptUrl: SCRIPT_URL,
      elements,
      install: async (config) => {
        installs.push(config);
        expect(imported, 'the session comes before any element').to.deep.equal([]);
      },
    });
    await until(() => imported.length === 1);
    expect(imported).to.deep.equal(['civ-vote']);
    expect(installs).to.deep.equal([{ api: location.origin, tenant: 'montjoli' }]);
  });

  it('picks up elements added later, nested in other elements, without any timer', async () => {
    const { imported, elements } = spies();
    observer = startAutoloader({ scriptUrl: SCRIPT_URL, elements, install: async () => undefined });
    const page = await fixture<HTMLElement>(html`<div></div>`);
    expect(imported).to.deep.equal([]);
    const section = document.createElement('section');
    section.innerHTML = '<article><div><civ-survey></civ-survey></div></article>';
    page.append(section);
    await until(() => imported.includes('civ-survey'));
    page.append(document.createElement('civ-proposals'));
    await until(() => imported.includes('civ-proposals'));
    expect(imported).to.deep.equal(['civ-survey', 'civ-proposals']);
  });

  it('loads a standalone element (the consent banner) without installing the session', async () => {
    const { imported, elements } = spies();
    let installs = 0;
    await fixture(html`<div><civ-proposals></civ-proposals></div>`);
    observer = startAutoloader({
      scriptUrl: SCRIPT_URL,
      elements,
      standalone: ['civ-proposals'],
      install: async () => void installs++,
    });
    await until(() => imported.length === 1);
    expect(installs).to.equal(0);
  });

  it('warns once about a civ-* tag it does not know, and loads nothing for it', async () => {
    logs = recordConsole();
    const { imported, elements } = spies();
    await fixture(html`<div><civ-nope></civ-nope><civ-nope></civ-nope></div>`);
    observer = startAutoloader({ scriptUrl: SCRIPT_URL, elements, install: async () => undefined });
    expect(logs.warnings).to.have.length(1);
    expect(logs.warnings[0]).to.include('<civ-nope>');
    expect(imported).to.deep.equal([]);
  });
});
