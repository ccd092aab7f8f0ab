import { expect } from '@open-wc/testing';

/**
 * Checks a form's honeypot as a person and as a bot meet it: present in the DOM with its name, out of sight
 * (one clipped pixel), out of the tab order, hidden from assistive technology, autofill off, and labelled "leave it
 * empty" for anyone who reaches it anyway. Returns the input, for a test to fill as a bot would.
 */
export function expectHiddenHoneypot(root: ShadowRoot, form: string): HTMLInputElement {
  const input = root.querySelector<HTMLInputElement>(`form#${form} input[name="website"]`);
  expect(input, `honeypot of form#${form}`).to.exist;
  expect(input!.getAttribute('tabindex')).to.equal('-1');
  expect(input!.getAttribute('autocomplete')).to.equal('off');
  expect(input!.closest('[aria-hidden="true"]'), 'inside an aria-hidden wrapper').to.exist;
  expect(input!.labels![0].textContent).to.match(/Laissez ce champ vide|Leave this field empty/);
  const box = input!.labels![0].getBoundingClientRect();
  expect(box.width <= 1 && box.height <= 1, 'out of sight: one clipped pixel').to.equal(true);
  return input!;
}

/** Types into the honeypot as a bot's form filler does. */
export function fillAsBot(input: HTMLInputElement, value = 'http://promo.example'): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
