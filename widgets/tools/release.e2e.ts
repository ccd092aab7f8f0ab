/**
 * Releases, in the real build and Debian's Chromium: every file a pinned snippet pulls in is checked against
 * the hash its entry carries, and a rebuild leaves the earlier release served, byte for byte, beside the new
 * one the alias now points at. The widgets come from the API's origin, the page from another, under a strict
 * CSP with Trusted Types enforced, as on a commune's site.
 *
 * Run: npm run test:release
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { DEMO_TENANT } from '../../server/seed/demo.ts';
import { createTestApp, type TestApp } from '../../server/testing/test-app.ts';
import { buildRelease, type BuiltRelease } from './build-release.ts';
import { launchChromium } from './chromium.ts';
import { chunkSri, sri } from './manifest-plugin.ts';

let browser: Browser;
let releases: string;
let first: BuiltRelease;
let t: TestApp;
let api: ReturnType<typeof serve>;
let apiOrigin: string;
let site: ReturnType<typeof serve>;
let siteOrigin: string;
const pages = new Map<string, string>();

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<{ server: ReturnType<typeof serve>; origin: string }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, origin: `http://127.0.0.1:${info.port}` }));
  });

before(async () => {
  releases = mkdtempSync(join(tmpdir(), 'civique-releases-'));
  first = await buildRelease(releases);
  t = await createTestApp({ deps: { widgetsDir: releases } });
  ({ server: api, origin: apiOrigin } = await listen(t.app.fetch));
  const pagesApp = new Hono().get('/:page', (c) => {
    const html = pages.get(c.req.param('page'));
    if (!html) return c.text('Page introuvable', 404);
    return c.html(html, 200, {
      'Content-Security-Policy':
        `default-src 'self'; script-src 'self' ${apiOrigin}; connect-src 'self' ${apiOrigin}; style-src 'self'; ` +
        `require-trusted-types-for 'script'; trusted-types lit-html civique-consent`,
    });
  });
  ({ server: site, origin: siteOrigin } = await listen(pagesApp.fetch));
  await t.store.tenants.upsert({ ...DEMO_TENANT, allowedOrigins: [siteOrigin], createdAt: t.clock.now() });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  api?.close();
  site?.close();
  await t?.close();
});

/** A commune page pasting the pinned snippet of `release` (its path may be a tampered copy's). */
function snippetPage(name: string, path: string, integrity: string, lang = 'fr'): string {
  pages.set(
    name,
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Montjoli</title></head><body>
<civ-vote consultation="budget-2027"></civ-vote>
<script type="module" src="${apiOrigin}/widgets/${path}/civique.js" integrity="${integrity}" crossorigin="anonymous" data-tenant="${DEMO_TENANT.id}"></script>
</body></html>`,
  );
  return `${siteOrigin}/${name}`;
}

/** Opens `url`, recording console errors. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/** A copy of the first release whose `file` carries code nobody published (and its compressed copies too). */
function tamperedCopy(name: string, file: string): string {
  cpSync(first.dir, join(releases, name), { recursive: true });
  const path = join(releases, name, file);
  appendFileSync(path, '\n;globalThis.tampered = (globalThis.tampered ?? []).concat(import.meta.url);\n');
  const bytes = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(bytes));
  writeFileSync(`${path}.gz`, gzipSync(bytes));
  return name;
}

describe('every file a pinned entry pulls in is checked against the hash the entry carries', () => {
  test('an intact release loads its element', async () => {
    const { page, errors } = await open(snippetPage('intact.html', first.release, first.manifest.entries['civique.js'].integrity));
    try {
      await page.waitForFunction(() => customElements.get('civ-vote') !== undefined);
      assert.deepEqual(
        errors.filter((e) => /integrity|intégrité|empreinte/i.test(e)),
        [],
      );
      // The chain was preloaded, each file with the hash the entry carries.
      const preloads = await page.$$eval('link[rel=modulepreload]', (links) =>
        links.map((link) => ({ href: (link as HTMLLinkElement).href, integrity: (link as HTMLLinkElement).integrity })),
      );
      for (const file of ['chunks/core.js', 'chunks/lit.js', 'chunks/vote.js']) {
        const link = preloads.find((p) => p.href.endsWith(`/${first.release}/${file}`));
        assert.ok(link, `${file} is preloaded`);
        assert.equal(link.integrity, chunkSri(readFileSync(join(first.dir, file))), file);
      }
    } finally {
      await page.close();
    }
  });

  test('the element’s chain is preloaded beside the core’s, not after it', async () => {
    const page = await browser.newPage();
    try {
      // The core is held until the vote chunk is asked for: were the element's chain requested only once the
      // session (the core) is installed, neither would ever come, and the wait below would time out.
      let releaseCore!: () => void;
      const held = new Promise<void>((resolve) => (releaseCore = resolve));
      await page.route(`${apiOrigin}/widgets/${first.release}/chunks/core.js`, async (route) => {
        await held;
        await route.continue();
      });
      const voteRequested = page.waitForRequest(`${apiOrigin}/widgets/${first.release}/chunks/vote.js`);
      await page.goto(snippetPage('preload.html', first.release, first.manifest.entries['civique.js'].integrity), { waitUntil: 'commit' });
      await voteRequested;
      releaseCore();
      await page.waitForFunction(() => customElements.get('civ-vote') !== undefined);
    } finally {
      await page.close();
    }
  });

  for (const file of ['chunks/vote.js', 'chunks/lit.js']) {
    test(`a byte added to ${file} is refused: nothing of it runs, the element says why in the console`, async () => {
      const copy = tamperedCopy(`tampered-${file.replace(/\W/g, '-')}`, file);
      const { page, errors } = await open(snippetPage(`${copy}.html`, copy, first.manifest.entries['civique.js'].integrity));
      try {
        const refusal = await page.waitForEvent('console', {
          predicate: (message) => message.type() === 'error' && message.text().startsWith('[civique]') && message.text().includes('<civ-vote>'),
        });
        assert.match(refusal.text(), new RegExp(`${file.replace('.', '\\.')} : refusé`));
        assert.equal(await page.evaluate(() => (globalThis as { tampered?: string[] }).tampered), undefined, 'the tampered code never ran');
        assert.equal(await page.evaluate(() => customElements.get('civ-vote') === undefined), true);
        assert.ok(
          errors.some((e) => e.includes('integrity')),
          'Chromium refused the file itself',
        );
      } finally {
        await page.close();
      }
    });
  }

  test('a chunk vouched for by a verified chunk, not by the entry, is refused when a byte is added (English strings of civ-vote)', async () => {
    // The chain: civique.js carries vote.js's hash, vote.js carries that of its English strings.
    const strings = readFileSync(join(first.dir, 'chunks/vote.js'), 'utf8').match(/"\.\/(en\d*\.js)":\["sha256-/)?.[1];
    assert.ok(strings, 'vote.js vouches for its English strings');
    assert.ok(!readFileSync(join(first.dir, 'civique.js'), 'utf8').includes(`chunks/${strings}`), 'the entry does not carry them');
    const copy = tamperedCopy('tampered-vote-strings', `chunks/${strings}`);
    const { page, errors } = await open(snippetPage(`${copy}.html`, copy, first.manifest.entries['civique.js'].integrity, 'en'));
    try {
      await page.waitForEvent('console', {
        predicate: (message) => message.type() === 'error' && message.text().includes('integrity') && message.text().includes(strings),
      });
      assert.equal(await page.evaluate(() => (globalThis as { tampered?: string[] }).tampered), undefined, 'the tampered code never ran');
      assert.deepEqual(
        errors.filter((e) => e.includes('integrity') && !e.includes(strings)),
        [],
        'only the tampered file was refused',
      );
    } finally {
      await page.close();
    }
  });
});

describe('a rebuild never breaks a pasted snippet', () => {
  test('after a rebuild with a changed string, the old release is still served with its SRI valid, and the alias serves the new one', async () => {
    const changed = await buildRelease(releases, {
      plugins: [
        {
          name: 'edit-a-string',
          transform: (code, id) =>
            id.endsWith('/widgets/vote/i18n/fr.ts') ? code.replace('Choisissez votre quartier.', 'Choisissez d’abord votre quartier.') : null,
        },
      ],
    });
    assert.notEqual(changed.release, first.release, 'a changed file makes a new release');
    assert.notEqual(changed.manifest.entries['civique.js'].integrity, first.manifest.entries['civique.js'].integrity);

    for (const [path, release] of [
      [first.release, first],
      [changed.release, changed],
      ['v1', changed],
    ] as const) {
      const res = await fetch(`${apiOrigin}/widgets/${path}/civique.js`, { headers: { 'Accept-Encoding': 'br' } });
      assert.equal(res.status, 200, path);
      assert.equal(sri(new Uint8Array(await res.arrayBuffer())), release.manifest.entries['civique.js'].integrity, path);
    }
    // The old release's chunks are there too, matching the hashes its entry carries.
    const oldVote = await fetch(`${apiOrigin}/widgets/${first.release}/chunks/vote.js`);
    assert.equal(sri(new Uint8Array(await oldVote.arrayBuffer())), sri(readFileSync(join(first.dir, 'chunks/vote.js'))));

    // And a browser holding the old pinned snippet still gets its element.
    const { page } = await open(snippetPage('old-snippet.html', first.release, first.manifest.entries['civique.js'].integrity));
    try {
      await page.waitForFunction(() => customElements.get('civ-vote') !== undefined);
    } finally {
      await page.close();
    }
  });
});

describe('licences travel with the widgets', () => {
  test('every built file’s banner links to THIRD-PARTY-NOTICES.txt, served beside it with Lit’s BSD-3-Clause notice', async () => {
    const files = [...Object.keys(first.manifest.entries), ...Object.values(first.manifest.elements).flatMap((e) => [...e.page, ...e.later])];
    for (const file of new Set(files)) {
      const code = readFileSync(join(first.dir, file), 'utf8');
      const link = /^\/\*! Civique AGPL-3\.0-or-later ((?:\.\.\/)?THIRD-PARTY-NOTICES\.txt) \*\//.exec(code);
      assert.ok(link, `${file} starts with its licence banner`);
      const notices = await fetch(new URL(link[1], `${apiOrigin}/widgets/${first.release}/${file}`));
      assert.equal(notices.status, 200, file);
      const text = await notices.text();
      assert.match(text, /^lit-html@[\d.]+ \(BSD-3-Clause\)$/m);
      assert.match(text, /Redistributions in binary form must reproduce the above copyright notice/);
      assert.match(text, /^@lit\/context@[\d.]+ \(BSD-3-Clause\)$/m);
    }
  });
});

describe('an admin prunes old releases', () => {
  test('a named release is removed (its snippets then get a 404), never the one an alias serves', async () => {
    const aliased = (await (await fetch(`${apiOrigin}/widgets/v1/manifest.json`)).json()) as { release: string };
    const prune = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'widgets/tools/prune-releases.ts', ...args], {
        env: { ...process.env, WIDGETS_DIR: releases },
        encoding: 'utf8',
      });
    assert.equal(prune(first.release, aliased.release).status, 0);
    assert.equal((await fetch(`${apiOrigin}/widgets/${first.release}/civique.js`)).status, 404);
    assert.equal((await fetch(`${apiOrigin}/widgets/${aliased.release}/civique.js`)).status, 200, 'kept: the alias serves it');
    assert.equal((await fetch(`${apiOrigin}/widgets/v1/civique.js`)).status, 200);
  });
});
