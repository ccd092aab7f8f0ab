import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { me, mockApi, MOCK_TENANT, type MockApi } from '../testing/mock-api.ts';
import type { CivVote } from './vote.element.ts';
import { ballot, budgetResults, budgetVote, districtBudget, voteRoutes } from './vote.fixtures.ts';
import './vote.ts';

const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;

const $ = <T extends Element = HTMLElement>(element: CivVote, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(element: CivVote, selector: string) => [...element.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: { textContent: string | null } | null) => node!.textContent!.replace(/\s+/g, ' ').trim();
const live = (element: CivVote) => $(element, '[aria-live="polite"]')!.textContent!.replace(/\s+/g, ' ');
const focused = (element: CivVote) => element.shadowRoot!.activeElement as HTMLElement | null;
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 4000 });

/** Signed in (budgets need an account here), on a budget. */
async function mount(c = budgetVote(), extra: Parameters<typeof mockApi>[0] = {}) {
  sessionStorage.setItem(TOKEN_KEY, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
  api = mockApi({ ...voteRoutes(c, { results: budgetResults(c, {}) }), 'GET me': { body: me() }, ...extra });
  const mounted = await mountWithSession<CivVote>(html`<civ-vote consultation=${c.slug}></civ-vote>`);
  await until(() => $(mounted.element, 'form#vote') && api.sent(`GET consultations/${c.slug}/ballot`).length, 'the ballot shows');
  await mounted.element.updateComplete;
  return mounted;
}

async function toggle(element: CivVote, id: string) {
  $<HTMLInputElement>(element, `#vote-choice-${id}`)!.click();
  await element.updateComplete;
}

let api: MockApi;
afterEach(() => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
});

describe('civ-vote, participatory budget', () => {
  it('is accessible, with districts, projects, the running total and a refusal', async () => {
    const { element } = await mount(districtBudget());
    await expect(element).to.be.accessible();
    $<HTMLInputElement>(element, '#vote-district-centre')!.click();
    await element.updateComplete;
    await toggle(element, 'fontaine');
    await toggle(element, 'toilettes');
    await expect(element).to.be.accessible();
  });

  it('states the rules and keeps a running total against the cap, read out at each change', async () => {
    const { element } = await mount();
    expect(text($(element, '#vote-choice-hint'))).to.equal('Budget à répartir : 150 000 €. 3 projets au plus. Utilisez au moins 50 % du budget (75 000 €).');
    expect(text($(element, '[part="total"] p'))).to.equal('Total : 0 € sur 150 000 €, il reste 150 000 €.');
    await toggle(element, 'fontaine');
    expect(text($(element, '[part="total"] p'))).to.equal('Total : 65 000 € sur 150 000 €, il reste 85 000 €.');
    expect(live(element)).to.include('Total : 65 000 € sur 150 000 €, il reste 85 000 €.');
    expect($<HTMLMeterElement>(element, '[part="total"] meter')!.value).to.equal(65_000);
    await toggle(element, 'livres');
    expect(text($(element, '[part="total"] p'))).to.include('72 500 €');
    await toggle(element, 'fontaine');
    expect(text($(element, '[part="total"] p'))).to.equal('Total : 7 500 € sur 150 000 €, il reste 142 500 €.');
  });

  it('refuses a project that does not fit, says why beside it and aloud, and keeps the total', async () => {
    const { element } = await mount();
    await toggle(element, 'fontaine');
    await toggle(element, 'arbres');
    await toggle(element, 'toilettes');
    const box = $<HTMLInputElement>(element, '#vote-choice-toilettes')!;
    expect(box.checked).to.equal(false);
    const note = $(element, '#vote-choice-toilettes-note')!;
    expect(text(note)).to.equal(
      '« Des toilettes publiques accessibles » coûte 85 000 €, mais il ne reste que 37 000 € dans le budget : retirez d’abord un autre projet.',
    );
    expect(box.getAttribute('aria-describedby')).to.include('vote-choice-toilettes-note');
    expect(live(element)).to.include('il ne reste que 37 000 €');
    expect(text($(element, '[part="total"] p'))).to.include('113 000 €');
    await toggle(element, 'arbres');
    expect($(element, '#vote-choice-toilettes-note'), 'the refusal goes with the next change').to.equal(null);
    await toggle(element, 'toilettes');
    expect($<HTMLInputElement>(element, '#vote-choice-toilettes')!.checked).to.equal(true);
  });

  it("drops a refusal's note, and the error read aloud before, once the vote is saved", async () => {
    const { element } = await mount(budgetVote(), {
      'PUT consultations/budget-2027/ballot': { status: 201, body: { ballot: ballot(['fontaine', 'arbres']), changed: false } },
    });
    await toggle(element, 'fontaine');
    await toggle(element, 'arbres');
    await toggle(element, 'toilettes');
    expect($(element, '#vote-choice-toilettes-note')).to.exist;
    expect(live(element)).to.include('il ne reste que 37 000 €');
    $<HTMLFormElement>(element, 'form#vote')!.requestSubmit();
    await until(() => $(element, '#notice'), 'the vote is saved');
    await element.updateComplete;
    expect(Boolean($(element, '#vote-choice-toilettes-note')), 'no over-budget note after the vote is saved').to.equal(false);
    expect(
      live(element)
        .replace(/\u200b/g, '')
        .trim(),
      'the live region no longer holds the refusal',
    ).to.equal('');
  });

  it('refuses a project beyond the maximum number', async () => {
    const c = budgetVote({}, { budget: 500_000, minSpendShare: undefined, maxProjects: 2 });
    const { element } = await mount(c);
    await toggle(element, 'fontaine');
    await toggle(element, 'arbres');
    await toggle(element, 'livres');
    expect($<HTMLInputElement>(element, '#vote-choice-livres')!.checked).to.equal(false);
    expect(text($(element, '#vote-choice-livres-note'))).to.equal('Vous avez déjà choisi 2 projets, le maximum : retirez-en un pour en choisir un autre.');
  });

  it('enforces the least share to spend on submit, on the group, with focus', async () => {
    const { element } = await mount();
    await toggle(element, 'livres');
    $<HTMLFormElement>(element, 'form#vote')!.requestSubmit();
    await element.updateComplete;
    expect(text($(element, '#vote-choice-error'))).to.include('Vos projets n’atteignent pas le minimum à dépenser (75 000 €) : ajoutez-en un.');
    await until(() => focused(element)?.id === 'vote-choice-fontaine');
    expect(api.sent('PUT consultations/budget-2027/ballot')).to.have.length(0);
  });

  it('with districts: the district comes first, then its projects and its budget; the ballot names it', async () => {
    const c = districtBudget();
    const { element, root } = await mount(c, {
      'PUT consultations/budget-quartiers/ballot': { status: 201, body: { ballot: ballot(['city-stade', 'bancs'], { district: 'coteaux' }), changed: false } },
    });
    expect(text($(element, 'fieldset#vote-district legend'))).to.include('Dans quel quartier votez-vous ?');
    expect(text($(element, '#vote-district-coteaux-hint'))).to.equal('Budget : 100 000 €');
    expect($(element, 'fieldset#vote-choice')).to.equal(null);
    expect(text($(element, 'form'))).to.include('Choisissez d’abord votre quartier pour voir ses projets.');

    $<HTMLInputElement>(element, '#vote-district-centre')!.click();
    await element.updateComplete;
    await toggle(element, 'livres');
    $<HTMLInputElement>(element, '#vote-district-coteaux')!.click();
    await element.updateComplete;
    expect(text($(element, 'fieldset#vote-choice legend'))).to.include('Les projets du quartier Les Coteaux');
    expect($$(element, 'fieldset#vote-choice input').map((i) => (i as HTMLInputElement).value)).to.deep.equal(['city-stade', 'bancs', 'escalier']);
    expect(text($(element, '[part="total"] p')), 'changing district empties the choice').to.equal('Total : 0 € sur 100 000 €, il reste 100 000 €.');
    await toggle(element, 'city-stade');
    await toggle(element, 'bancs');
    const submitted = oneEvent(root, 'civ-vote-submitted');
    $<HTMLFormElement>(element, 'form#vote')!.requestSubmit();
    expect((await submitted).detail.district).to.equal('coteaux');
    expect(api.last('PUT consultations/budget-quartiers/ballot')!.body).to.deep.equal({ choice: ['city-stade', 'bancs'], district: 'coteaux' });
  });

  it('works with the keyboard alone: arrows choose the district, Tab and Space the projects', async () => {
    const { element } = await mount(districtBudget());
    $<HTMLInputElement>(element, '#vote-district-centre')!.focus();
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    expect($<HTMLInputElement>(element, '#vote-district-centre')!.checked, 'space').to.equal(true);
    expect(focused(element)?.id).to.equal('vote-district-centre');
    await sendKeys({ press: 'ArrowDown' });
    await element.updateComplete;
    expect($<HTMLInputElement>(element, '#vote-district-coteaux')!.checked, 'arrow').to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(focused(element)?.id).to.equal('vote-choice-city-stade');
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    expect(text($(element, '[part="total"] p'))).to.equal('Total : 84 000 € sur 100 000 €, il reste 16 000 €.');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    expect($<HTMLInputElement>(element, '#vote-choice-escalier')!.checked, 'refused with the keyboard too').to.equal(false);
    expect(live(element)).to.include('il ne reste que 16 000 €');
  });

  it('shows each district’s results: votes, shares and costs in text, selected projects marked', async () => {
    const c = districtBudget({ status: 'closed' });
    sessionStorage.setItem(TOKEN_KEY, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
    api = mockApi({
      ...voteRoutes(c, { results: budgetResults(c, { fontaine: 8, arbres: 6, toilettes: 5, 'city-stade': 4, bancs: 3 }) }),
      'GET me': { body: me() },
    });
    const { element } = await mountWithSession<CivVote>(html`<civ-vote consultation="budget-quartiers"></civ-vote>`);
    await until(() => $(element, '.bars'));
    const centre = $$(element, '[part="district-results"]')[0];
    expect(text(centre.querySelector('h4'))).to.equal('Centre-ville');
    expect(text(centre.querySelector('p'))).to.equal('8 votes. Projets retenus : 113 000 € sur 150 000 €.');
    const rows = [...centre.querySelectorAll('li')].map((li) => text(li));
    expect(rows[0]).to.equal('Rénover la fontaine 8 votes (100 %) · 65 000 € — retenu');
    expect(rows[2]).to.equal('Des toilettes publiques accessibles 5 votes (62,5 %) · 85 000 €');
    await expect(element).to.be.accessible();
  });
});
