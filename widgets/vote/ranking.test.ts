import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { mockApi, type MockApi } from '../testing/mock-api.ts';
import type { CivVote } from './vote.element.ts';
import { ballot, pollResults, rankingVote, voteRoutes } from './vote.fixtures.ts';
import './vote.ts';

const $ = <T extends Element = HTMLElement>(element: CivVote, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(element: CivVote, selector: string) => [...element.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null) => node!.textContent!.replace(/\s+/g, ' ').trim();
const live = (element: CivVote) => $(element, '[aria-live="polite"]')!.textContent!.replace('\u200b', '');
const focused = (element: CivVote) => element.shadowRoot!.activeElement as HTMLElement | null;
const ranked = (element: CivVote) => $$(element, '.ranked .label').map((label) => text(label));
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 4000 });

async function mount() {
  const c = rankingVote();
  api = mockApi(voteRoutes(c, { results: pollResults(c, [4, 2, 1]) }));
  const mounted = await mountWithSession<CivVote>(html`<civ-vote consultation="priorites"></civ-vote>`);
  await until(() => $(mounted.element, 'fieldset.ranking'));
  return mounted;
}

/** Presses Enter on the focused button and waits for the widget to settle (focus is moved after the update). */
async function press(element: CivVote, key = 'Enter') {
  await sendKeys({ press: key });
  await element.updateComplete;
  await element.updateComplete;
}

let api: MockApi;
afterEach(() => {
  api?.restore();
  localStorage.clear();
});

describe('civ-vote, ranking', () => {
  it('is accessible, empty and partly ranked', async () => {
    const { element } = await mount();
    await until(() => $(element, '.bars'));
    await expect(element).to.be.accessible();
    $<HTMLButtonElement>(element, '#vote-choice-mercredi-add')!.click();
    await element.updateComplete;
    await expect(element).to.be.accessible();
  });

  it('orders the options with the keyboard alone: add, move, remove; each move announced, focus kept', async () => {
    const { element } = await mount();
    expect(text($(element, '#vote-choice-hint'))).to.equal('Classez de 2 à 3 options, de la préférée à la moins appréciée, avec les boutons.');
    $<HTMLButtonElement>(element, '#vote-choice-vendredi-add')!.focus();
    await press(element);
    expect(ranked(element), 'the position is written out').to.deep.equal(['1. Vendredi après-midi']);
    expect(live(element)).to.equal('Vendredi après-midi : position 1 sur 1.');
    expect(focused(element)?.id, 'on to the next option to rank').to.equal('vote-choice-mardi-add');
    await press(element);
    expect(ranked(element)).to.deep.equal(['1. Vendredi après-midi', '2. Mardi matin']);

    $<HTMLButtonElement>(element, '#vote-choice-mardi-up')!.focus();
    await press(element);
    expect(ranked(element)).to.deep.equal(['1. Mardi matin', '2. Vendredi après-midi']);
    expect(live(element)).to.equal('Mardi matin : position 1 sur 2.');
    expect(focused(element)?.id, 'at the top, “Monter” is disabled: focus goes to “Descendre”').to.equal('vote-choice-mardi-down');
    expect($<HTMLButtonElement>(element, '#vote-choice-mardi-up')!.disabled).to.equal(true);
    await press(element);
    expect(ranked(element)).to.deep.equal(['1. Vendredi après-midi', '2. Mardi matin']);
    expect(focused(element)?.id).to.equal('vote-choice-mardi-up');

    $<HTMLButtonElement>(element, '#vote-choice-vendredi-remove')!.focus();
    await press(element);
    expect(ranked(element)).to.deep.equal(['1. Mardi matin']);
    expect(live(element)).to.equal('Vendredi après-midi : retiré du classement.');
    expect(focused(element)?.id).to.equal('vote-choice-mardi-remove');
    expect($(element, '#vote-choice-mardi-remove')!.textContent!.replace(/\s+/g, ' ').trim(), 'each button names its option and its position').to.equal(
      'Retirer : 1. Mardi matin',
    );
  });

  it('requires the minimum, refuses beyond the maximum, and sends the order, best first', async () => {
    const { element } = await mount();
    api.on('PUT consultations/priorites/ballot', { status: 201, body: { ballot: ballot(['mercredi', 'mardi']), changed: false } });
    $<HTMLButtonElement>(element, '#vote-choice-mercredi-add')!.click();
    await element.updateComplete;
    $<HTMLFormElement>(element, 'form#vote')!.requestSubmit();
    await element.updateComplete;
    expect(text($(element, '#vote-choice-error'))).to.include('Classez au moins 2 options.');
    await until(() => focused(element)?.id === 'vote-choice', 'focus on the ranking');
    $<HTMLButtonElement>(element, '#vote-choice-mardi-add')!.click();
    await element.updateComplete;
    $<HTMLFormElement>(element, 'form#vote')!.requestSubmit();
    await until(() => api.sent('PUT consultations/priorites/ballot').length === 1);
    expect(api.last('PUT consultations/priorites/ballot')!.body).to.deep.equal({ choice: ['mercredi', 'mardi'] });
  });

  it('shows ranking results by points, with first places', async () => {
    const { element } = await mount();
    await until(() => $(element, '.bars'));
    expect($$(element, '.bars li').map((li) => text(li))).to.deep.equal([
      'Mardi matin 8 points, 2 fois en tête',
      'Mercredi matin 4 points, 1 fois en tête',
      'Vendredi après-midi 2 points, 1 fois en tête',
    ]);
    expect(text($(element, '.results'))).to.include('Points : sur chaque bulletin, le 1er choix reçoit');
  });
});
