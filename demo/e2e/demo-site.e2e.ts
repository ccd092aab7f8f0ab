import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo, watchPage, type Demo } from './harness.ts';

const PAGES = [
  'index.html',
  'budget-participatif.html',
  'marche.html',
  'mobilite.html',
  'idees.html',
  'entraide.html',
  'mon-compte.html',
  'mentions-legales.html',
];

describe('the demo commune’s site', () => {
  let demo: Demo;
  before(async () => (demo = await startDemo()));
  after(() => demo?.stop());

  test('every page loads the kit from the API origin under its strict CSP, without errors, and shows the cookie banner first', async () => {
    for (const file of PAGES) {
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      const watch = watchPage(page);
      const response = await page.goto(`${demo.site}/${file}`, { waitUntil: 'networkidle' });
      assert.equal(response?.status(), 200, file);
      assert.match(response!.headers()['content-security-policy'], /script-src 'self' http:\/\/127\.0\.0\.1:8787/);
      await page.locator('civ-consent-banner').getByRole('button', { name: 'Tout refuser' }).waitFor();
      assert.deepEqual(watch.problems, [], `${file}: ${watch.problems.join('\n')}`);
      await context.close();
    }
  });
});

describe('the floating “Cookies” button', () => {
  let demo: Demo;
  before(async () => (demo = await startDemo()));
  after(() => demo?.stop());

  test('is off in the demo; when a page turns it on, tabbing through every page at 320 px never puts focus under it', async () => {
    for (const file of PAGES) {
      const context = await demo.browser.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      await page.goto(`${demo.site}/${file}`, { waitUntil: 'networkidle' });
      await page.locator('civ-consent-banner').getByRole('button', { name: 'Tout refuser' }).click();
      await page.waitForFunction(() => document.querySelector('civ-consent-banner')?.choices);
      assert.equal(await page.locator('civ-consent-banner [part=reopen]').count(), 0, `${file}: off unless the page asks for it`);

      await page.evaluate(() => document.querySelector('civ-consent-banner')!.setAttribute('reopen-button', ''));
      await page.locator('civ-consent-banner [part=reopen]').waitFor();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const seen = new Set<string>();
      for (let stop = 0; stop < 400; stop++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          let element = document.activeElement;
          while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
          const path: string[] = [];
          for (let node: Node | null = element; node; node = (node as Element).parentNode ?? (node as ShadowRoot).host ?? null) {
            if (node instanceof Element) path.push(node.localName + ([...(node.parentNode?.children ?? [])].indexOf(node) + 1));
          }
          const outside = !element || element == document.body || element == document.documentElement;
          return { outside, key: path.join('<'), label: element?.getAttribute('aria-label') ?? element?.textContent?.trim().slice(0, 40) };
        });
        // Past the last control, focus leaves the page: one full round done.
        if (focused.outside || seen.has(focused.key)) break;
        seen.add(focused.key);
        // Focus scrolls the element into view, then the button steps aside: wait for that, never for a time.
        const clear = await page
          .waitForFunction(
            () => {
              let element = document.activeElement;
              while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
              const button = document.querySelector('civ-consent-banner')!.shadowRoot!.querySelector('.reopen');
              if (!element || !button || element == button || getComputedStyle(button).visibility == 'hidden') return true;
              const [a, b] = [element.getBoundingClientRect(), button.getBoundingClientRect()];
              return !(a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top);
            },
            undefined,
            { timeout: 2000 },
          )
          .then(
            () => true,
            () => false,
          );
        assert.ok(clear, `${file}: “${focused.label}” is under the floating button`);
      }
      assert.ok(seen.size > 5, `${file}: tabbed through ${seen.size} controls`);
      await context.close();
    }
  });
});
