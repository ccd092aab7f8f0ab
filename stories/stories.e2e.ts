/**
 * Smoke test of every Storybook story in Debian's Chromium: each story renders with no console error, no
 * uncaught exception and no axe violation, and every answer of the mocked API (status and body) is one the
 * server's OpenAPI document allows for the operation it stands for. Storybook is built into a temporary folder
 * first, so the test always checks the stories as they are now.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApiDocument } from '../server/tools/openapi-document.ts';
import { DocumentedResponses } from '../server/testing/openapi-responses.ts';
import type { MockAnswered } from '../widgets/testing/mock-api.ts';
import { launchChromium } from '../widgets/tools/chromium.ts';
import { missingEmbedStories } from './embed-coverage.ts';
import { THEME_STYLE_ID } from './theme.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ROOT = new URL('..', import.meta.url).pathname;
/** The DSFR theme, as a host page links it (`widgets/themes/dsfr.css`; the preview's decorator reads the same file). */
const DSFR_CSS = readFileSync(join(ROOT, 'widgets/themes/dsfr.css'), 'utf8');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    // The browser asks for it on its own; Storybook ships an SVG icon instead.
    if (req.url === '/favicon.ico') return res.writeHead(204).end();
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url!, 'http://x').pathname)));
    if (!path.startsWith(dir)) return res.writeHead(404).end();
    try {
      const body = readFileSync(path.endsWith('/') ? join(path, 'index.html') : path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
  );
}

/**
 * True once no element, in the page or in any shadow root, says it is busy. A string, not a function: the test
 * runs through tsx, whose helpers would not exist in the page.
 */
const SETTLED = `(() => {
  const busy = (root) => [...root.querySelectorAll('*')].some(
    (el) => el.getAttribute('aria-busy') === 'true' || (el.shadowRoot ? busy(el.shadowRoot) : false));
  return !busy(document);
})()`;

type Story = { id: string; title: string; name: string; tags?: string[] };

describe('every story', () => {
  let out: string;
  let browser: Browser;
  let server: Server;
  let origin: string;
  let stories: Story[];
  let documented: DocumentedResponses;

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'civique-storybook-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '-c', 'stories/.storybook', '-o', out, '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
    });
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
      entries: Record<string, { type: string; id: string; title: string; name: string; tags?: string[] }>;
    };
    stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
    ({ server, origin } = await serve(out));
    browser = await launchChromium();
    documented = new DocumentedResponses(await buildApiDocument());
  });

  /** What the document does not allow in the mocked answers a story got (`story-helpers.ts` keeps them on the page). */
  function undocumented(answers: MockAnswered[]): string[] {
    return answers.flatMap(({ method, path, status, body }) => {
      // Documents beside the operations: the OpenAPI document itself, and a widget release's manifest.
      if (path === '/v1/openapi.json' || path.startsWith('/widgets/')) return [];
      const op = documented.operationAt(method, path);
      const problem = op ? documented.problem(op, status, body) : `no documented operation for ${method} ${path}`;
      return problem ? [`mocked ${method} ${path} → ${status}: ${problem}`] : [];
    });
  }
  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('every element that shows embedding errors has a story for each of them', () => {
    assert.deepEqual(missingEmbedStories(stories), [], 'add a story tagged embed-problem:<problem> (see embedProblem in story-helpers.ts)');
  });

  /** Waits until every element has rendered its last update and no animation or transition is still running. */
  async function rendered(page: Page): Promise<void> {
    // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
    await page.evaluate(`(async () => {
      const all = (root) => [...root.querySelectorAll('*')].flatMap((element) => (element.shadowRoot ? [element, ...all(element.shadowRoot)] : [element]));
      await Promise.all(all(document).map((element) => element.updateComplete));
      await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {})));
      await new Promise(requestAnimationFrame);
    })()`);
  }

  /** axe's violations in the story: the root, and the banner, which moves itself to the top of <body>. */
  function violations(page: Page): Promise<string[]> {
    return page.evaluate(async () => {
      const scope = { include: [['#storybook-root'], ['civ-consent-banner']] };
      const result = await (window as any).axe.run(scope, { resultTypes: ['violations'] });
      return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
    });
  }

  /**
   * Renders one story and says what is wrong with it in each theme, if anything. The story loads in the neutral
   * look (Storybook's initial global), is judged, then gets the DSFR stylesheet in the element the preview's
   * decorator keeps for it, as a host page that links it, and is judged again: one page load for both themes.
   */
  async function check(story: Story): Promise<{ failures: string[]; answers: number }> {
    const page = await browser.newPage();
    try {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
      });
      // The mocked API answers inside the page, so the load event and the waits below are enough: no need to wait
      // for the network to stay idle for half a second.
      await page.goto(`${origin}/iframe.html?id=${story.id}&viewMode=story&globals=theme:neutral`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('#storybook-root')?.childElementCount, null, { timeout: 10_000 });
      // Judge the story in its final state: no widget still busy (retries, lazy parts), nothing changing for a moment.
      // Stories tagged `stays-busy` show a loading state on purpose.
      if (!story.tags?.includes('stays-busy')) {
        await page.waitForFunction(SETTLED, null, { timeout: 5_000, polling: 100 }).catch(() => errors.push('still busy after 5 s (aria-busy="true")'));
      }
      await rendered(page);
      await page.addScriptTag({ content: AXE_SOURCE });
      const neutral = [...errors.splice(0), ...(await violations(page))];
      const themed = await page.evaluate(
        ({ id, css }) => {
          const style = document.getElementById(id);
          if (style) style.textContent = css;
          return Boolean(style);
        },
        { id: THEME_STYLE_ID, css: DSFR_CSS },
      );
      await rendered(page);
      const dsfr = [
        ...(themed ? [] : [`no #${THEME_STYLE_ID} element to put the DSFR stylesheet in (see preview.ts)`]),
        ...errors,
        ...(await violations(page)),
      ];
      const answers = await page.evaluate(() => (window as { civiqueMockAnswers?: MockAnswered[] }).civiqueMockAnswers ?? []);
      const drift = [...new Set(undocumented(answers))];
      const failures = [
        ...(neutral.length ? [`${story.title} / ${story.name} (neutral)\n    ${neutral.join('\n    ')}`] : []),
        ...(dsfr.length ? [`${story.title} / ${story.name} (dsfr)\n    ${dsfr.join('\n    ')}`] : []),
        ...(drift.length ? [`${story.title} / ${story.name}\n    ${drift.join('\n    ')}`] : []),
      ];
      return { failures, answers: answers.length };
    } finally {
      await page.close();
    }
  }

  test('renders without console errors or axe violations', async () => {
    assert.ok(stories.length > 0, 'no stories found');
    const failures: string[] = [];
    let mockedAnswers = 0;
    // A few pages at a time: a page spends part of its time waiting (its scripts, its settling), so the browser can
    // render the next ones meanwhile.
    const queue = [...stories];
    const pages = Number(process.env.STORIES_PAGES ?? 3);
    await Promise.all(
      Array.from({ length: pages }, async () => {
        for (let story = queue.shift(); story; story = queue.shift()) {
          const checked = await check(story);
          mockedAnswers += checked.answers;
          failures.push(...checked.failures);
        }
      }),
    );
    failures.sort();
    assert.deepEqual(failures, [], `stories with problems:\n${failures.join('\n')}`);
    // Guards the check itself: answers that were never recorded would pass it silently.
    assert.ok(mockedAnswers > 0, 'no mocked API answer was recorded');
    console.log(`# ${stories.length} stories checked, in both themes`);
  });
});
