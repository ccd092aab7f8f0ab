/**
 * End to end on the demo's "Boîte à idées" page (http://localhost:8080/idees.html) against the real server, whose
 * mails go to a real SMTP listener: a citizen without an account sends a proposal — its title and text carrying
 * markup — and leaves an address only to be told of the answer; the confirmation mail's link confirms it; staff
 * publish the proposal and answer it through the API; the answer's mail arrives with the answer and the deep link,
 * which opens the proposal with its official answer and its photo (served from the API origin, allowed by the
 * page's CSP) on the page; the markup stays text throughout.
 */
import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { decodeBody, startSmtpListener } from '../../server/testing/smtp.ts';
import { STAFF, startDemo, watchPage, type Demo } from './harness.ts';

const EMAIL = 'dominique.idee@example.fr';
const TITLE = '<img src=x onerror="window.pwned=1"> Une fontaine qui coule';
const TEXT = '<script>window.pwned=1</script> Remettre l’eau dans la fontaine, voir https://www.montjoli.example/patrimoine.';
const ANSWER = 'La fontaine sera remise en eau au printemps 2027.';

/** A real 24×16 PNG, one colour, as a citizen's photo: the widget re-encodes it on a canvas before upload. */
function photo(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const [width, height] = [24, 16];
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([0x2a, 0x7f, 0xc4]))]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('proposals on the demo site, mails through SMTP', () => {
  let demo: Demo;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let context: BrowserContext;
  let proposalId = '';

  async function staff(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${demo.api}/v1/tenants/montjoli/${path}`, {
      method,
      headers: { origin: demo.api, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  }

  async function mailTo(to: string, marker: string): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mail = smtp.received.find((m) => m.to.includes(to) && decodeBody(m.raw).includes(marker));
      if (mail) return decodeBody(mail.raw);
      if (Date.now() > deadline) throw new Error(`no mail to ${to} with ${marker}; ${smtp.received.length} received`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const widget = (page: Page, tag: string) => page.locator(tag);

  before(async () => {
    smtp = await startSmtpListener();
    demo = await startDemo({ SMTP_URL: smtp.url });
    context = await demo.browser.newContext();
  });
  after(async () => {
    await context?.close();
    await demo?.stop();
    await smtp?.close();
  });

  test('a visitor without an account sends a proposal with an address; the mailed link confirms it', async () => {
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${demo.site}/idees.html`, { waitUntil: 'networkidle' });
    const refuse = page.locator('civ-consent-banner').getByRole('button', { name: 'Tout refuser' });
    if (await refuse.isVisible()) await refuse.click();
    const form = widget(page, 'civ-proposal-form');
    await form.getByLabel('Titre de votre proposition').fill(TITLE);
    await form.locator('#proposal-text').fill(TEXT);
    await form.getByLabel('Adresse e-mail pour être prévenu de la réponse (facultatif)').fill(EMAIL);
    await form.getByLabel('Une image (facultatif)').setInputFiles({ name: 'fontaine.png', mimeType: 'image/png', buffer: photo() });
    await form.getByText('fontaine.png').waitFor();
    await form.getByRole('button', { name: 'Envoyer ma proposition' }).click();
    await form.getByText('Confirmation en attente').waitFor();
    assert.deepEqual(watch.problems, []);

    const mail = await mailTo(EMAIL, 'civique-proposal-confirm=');
    const link = /(http:\/\/localhost:8080\/idees\.html#civique-proposal-confirm=[A-Za-z0-9_-]+)/.exec(mail)?.[1];
    assert.ok(link, `a confirmation link back to the page in:\n${mail}`);
    // The mail client opens the link in a new tab of the same browser.
    const confirmation = await context.newPage();
    const confirmationWatch = watchPage(confirmation);
    await confirmation.goto(link!, { waitUntil: 'networkidle' });
    // Whichever of the page's two elements reads the link says so; the list then shows the proposal.
    await confirmation.locator('#notice', { hasText: 'Adresse confirmée' }).waitFor();
    assert.deepEqual(confirmationWatch.problems, []);
    proposalId = /#civique-proposal=([\w-]+)$/.exec(confirmation.url())?.[1] ?? '';
    assert.ok(proposalId, `the page shows the proposal: ${confirmation.url()}`);
    // Its author sees it while it awaits review, its markup as text.
    await widget(confirmation, 'civ-proposals').getByText('En attente de relecture').waitFor();
    assert.equal(await widget(confirmation, 'civ-proposals').locator('h2, h3, h4').filter({ hasText: 'Une fontaine qui coule' }).first().innerText(), TITLE);
    await confirmation.close();
    await page.close();
  });

  test('staff publish and answer through the API; the answer’s mail carries it and the deep link, which shows it, inert markup and all', async () => {
    const signIn = await staff('POST', 'auth/sign-in', { email: STAFF.email, password: STAFF.password });
    const token = signIn.body.token as string;
    const published = await staff('POST', `consultations/idees-centre-ville/proposals/${proposalId}/moderation`, { state: 'published' }, token);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const drafted = await staff(
      'PUT',
      `consultations/idees-centre-ville/proposals/${proposalId}/answer`,
      { status: 'accepted', text: ANSWER, answeringBody: 'Conseil municipal' },
      token,
    );
    assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
    const sent = await staff('POST', 'consultations/idees-centre-ville/answers/publication', { proposalIds: [proposalId] }, token);
    assert.ok(sent.status < 300, JSON.stringify(sent.body));

    const mail = await mailTo(EMAIL, ANSWER);
    const link = new RegExp(`(http://localhost:8080/idees\\.html#civique-proposal=${proposalId})`).exec(mail)?.[1];
    assert.ok(link, `the deep link in:\n${mail}`);

    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(link!, { waitUntil: 'networkidle' });
    const list = widget(page, 'civ-proposals');
    await list.getByText(ANSWER).waitFor();
    await list.getByText('Conseil municipal, le').waitFor();
    await list.getByText('Acceptée').first().waitFor();
    assert.equal(await list.locator('img:not([part="image"])').count(), 0, 'no element made from the title');
    // The photo comes from the API origin: the demo page's CSP allows it there, and it is decoded.
    const image = list.locator('img[part="image"]').first();
    assert.ok((await image.getAttribute('src'))!.startsWith(`${demo.api}/`));
    await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await image.elementHandle());
    assert.equal(await list.locator('script').count(), 0);
    assert.equal(await list.getByRole('link', { name: 'https://www.montjoli.example/patrimoine' }).count(), 1, 'an https address is a link');
    assert.equal(await page.evaluate(() => (window as { pwned?: number }).pwned), undefined);
    assert.deepEqual(watch.problems, []);
    await page.close();
  });
});
