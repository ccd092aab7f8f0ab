import { expect } from '@open-wc/testing';
import { html } from 'lit';
import type { CivAccount } from '../account/account.element.ts';
import '../account/account.ts';
import { mountWithSession } from '../testing/fixtures.ts';
import { mockApi, type MockApi } from '../testing/mock-api.ts';

let api: MockApi | undefined;
let link: HTMLLinkElement | undefined;

afterEach(() => {
  api?.restore();
  link?.remove();
});

/** The stylesheet linked as a host page links it, from the file the build copies into each release. */
async function linkTheme(): Promise<void> {
  link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./dsfr.css', import.meta.url).href;
  const loaded = new Promise((resolve, reject) => {
    link!.addEventListener('load', resolve);
    link!.addEventListener('error', reject);
  });
  document.head.append(link);
  await loaded;
}

const inShadow = (element: CivAccount, selector: string) => getComputedStyle(element.shadowRoot!.querySelector(selector)!);

describe('the DSFR theme', () => {
  it('gives the fields a grey background and a bottom border, square buttons, Marianne first and the DSFR blue; axe stays clean', async () => {
    await linkTheme();
    api = mockApi();
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    const field = inShadow(element, '#sign-in-email');
    expect(field.backgroundColor).to.equal('rgb(238, 238, 238)');
    expect(field.borderTopStyle).to.equal('none');
    expect(field.borderBottomStyle).to.equal('solid');
    expect(field.borderBottomColor).to.equal('rgb(58, 58, 58)');
    const submit = inShadow(element, 'form#sign-in button[type=submit]');
    expect(submit.borderTopLeftRadius).to.equal('0px');
    expect(submit.backgroundColor).to.equal('rgb(0, 0, 145)');
    expect(getComputedStyle(element).fontFamily).to.match(/^Marianne, arial, sans-serif$/i);
    await expect(element).to.be.accessible();
  });

  it('leaves the neutral look alone when the page does not link it', async () => {
    api = mockApi();
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    expect(inShadow(element, '#sign-in-email').backgroundColor).to.equal('rgb(255, 255, 255)');
    expect(inShadow(element, 'form#sign-in button[type=submit]').borderTopLeftRadius).to.equal('4px');
  });
});
