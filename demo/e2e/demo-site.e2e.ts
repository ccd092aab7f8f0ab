import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo, watchPage, type Demo } from './harness.ts';

const PAGES = ['index.html', 'budget-participatif.html', 'marche.html', 'mobilite.html', 'idees.html', 'entraide.html', 'mon-compte.html', 'mentions-legales.html'];

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
