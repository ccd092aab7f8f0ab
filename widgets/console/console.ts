import { define } from '../core/define.ts';
import { installEmbed } from '../core/embed.ts';
import { CivStaffConsole } from './console.element.ts';

export { CivStaffConsole };

define('civ-staff-console', CivStaffConsole);

/**
 * Run by `console.js`: installs the session from the entry's own `<script>` tag (`data-tenant`, and `data-api` or
 * the script's origin), as `civique.js` does for citizen pages. The lookup is repeated here rather than shared with
 * the loader: two entries sharing a module would each import it statically, unchecked by their integrity hash.
 */
export function startConsole(scriptUrl: string): void {
  const script = Array.from(document.scripts).find((s) => s.src && new URL(s.src, document.baseURI).href === scriptUrl);
  installEmbed({ api: script?.dataset.api?.trim() || new URL(scriptUrl).origin, tenant: script?.dataset.tenant?.trim() || undefined });
  for (const element of document.querySelectorAll('civ-staff-console')) {
    // The snippet agents paste pins the release this console was loaded from.
    element.widgets ??= new URL('.', scriptUrl).href;
    // Defined (and connected) by this module before the session above existed, it asked for it and got no answer:
    // moved in place, it connects again and asks again.
    element.parentNode?.insertBefore(element, element.nextSibling);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'civ-staff-console': CivStaffConsole;
  }
}
