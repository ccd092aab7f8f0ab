import { expect } from '@open-wc/testing';

/**
 * Checks a form's honeypot as a person and as a bot meet it: present in the DOM with its name, out of sight
 * (off screen), out of the tab order, hidden from assistive technology, autofill off, and labelled "leave it
 * empty" for anyone who reaches it anyway. Returns the input, for a test to fill as a bot would.
 */
export function expectHiddenHoneypot(root: ShadowRoot, id: string): HTMLInputElement {
  const input = root.querySelector<HTMLInputElement>(`#${id}`);
  expect(input, `honeypot #${id}`).to.exist;
  expect(input!.name).to.equal('website');
  expect(input!.getAttribute('tabindex')).to.equal('-1');
  expect(input!.getAttribute('autocomplete')).to.equal('off');
  expect(input!.closest('[aria-hidden="true"]'), 'inside an aria-hidden wrapper').to.exist;
  expect(root.querySelector(`label[for="${id}"]`)!.textContent).to.match(/Ne remplissez pas ce champ|Leave this field empty/);
  const box = input!.getBoundingClientRect();
  expect(box.right <= 0 || box.bottom <= 0, 'off screen').to.equal(true);
  return input!;
}

/** Types into the honeypot as a bot's form filler does. */
export function fillAsBot(input: HTMLInputElement, value = 'http://promo.example'): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
