/**
 * Registers a custom element once. A page may load the kit twice (the loader and `consent.js`, or two
 * versions pasted by mistake): the second definition is skipped instead of throwing.
 *
 * @example
 * define('civ-account', CivAccount);
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
