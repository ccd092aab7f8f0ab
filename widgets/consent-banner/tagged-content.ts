import { complain } from './consent-config.ts';

/** The Trusted Types policy the banner creates; a page that lists allowed policy names must list it. */
export const TRUSTED_TYPES_POLICY = 'civique-consent';

interface Blesser {
  createScriptURL(url: string): string;
  createScript(text: string): string;
}

let policy: Blesser | undefined;

/**
 * Under `require-trusted-types-for 'script'`, a script's `src` and text must come from a policy. Ours only
 * passes on what the page's own markup tagged (never data from the network), and only once consent allows it.
 */
function blesser(): Blesser {
  const identity = (value: string) => value;
  const rules = { createScriptURL: identity, createScript: identity };
  const trustedTypes = (window as { trustedTypes?: { createPolicy(name: string, rules: Blesser): Blesser } }).trustedTypes;
  try {
    policy ??= trustedTypes?.createPolicy(TRUSTED_TYPES_POLICY, rules);
  } catch {
    complain(`allow the Trusted Types policy "${TRUSTED_TYPES_POLICY}" in the page's CSP`);
  }
  return policy ?? rules;
}

let queue = Promise.resolve();

/**
 * Activates, in document order, the content a host tagged with `data-civ-purpose` whose purpose `allowed`
 * says yes: `<script type="text/plain" data-src="…">` (or with inline text) becomes a real script carrying
 * the page's CSP nonce; `<iframe data-src="…">` gets its `src`. Scripts run one after the other, each after
 * the previous one loaded, as if they had been in the page. Adds the purposes that had content to `activated`.
 *
 * @example
 * activateTagged((purpose) => purpose === 'audience', new Set());
 */
export function activateTagged(allowed: (purpose: string) => boolean, activated: Set<string>): void {
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
  for (const tagged of document.querySelectorAll<HTMLElement>('[data-civ-purpose]')) {
    const purpose = tagged.dataset.civPurpose!;
    const src = tagged.dataset.src;
    if (!allowed(purpose) || (tagged instanceof HTMLScriptElement ? tagged.type != 'text/plain' : !src)) continue;
    activated.add(purpose);
    if (!(tagged instanceof HTMLScriptElement)) {
      tagged.removeAttribute('data-src');
      tagged.setAttribute('src', src!);
      continue;
    }
    tagged.type = 'text/civique-activated';
    queue = queue.then(
      () =>
        new Promise<void>((done) => {
          const script = document.createElement('script');
          for (const { name, value } of tagged.attributes) {
            if (!/^(type|src|data-src|nonce|data-type)$/.test(name)) script.setAttribute(name, value);
          }
          if (tagged.dataset.type) script.type = tagged.dataset.type;
          script.nonce = tagged.nonce || nonce || '';
          try {
            if (src) {
              script.onload = script.onerror = () => done();
              script.src = blesser().createScriptURL(src);
            } else script.text = blesser().createScript(tagged.text);
            tagged.replaceWith(script);
          } catch (error) {
            complain(`cannot activate ${src || 'inline script'}: ${error}`);
          }
          if (!src || !script.isConnected) done();
        }),
    );
  }
}
