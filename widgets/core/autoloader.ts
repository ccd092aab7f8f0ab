import type { EmbedConfig } from './session.ts';

/** Every element of the kit, built or planned. */
export type CivTag = 'civ-account' | 'civ-consent-banner' | 'civ-vote' | 'civ-survey' | 'civ-proposal-form' | 'civ-proposals' | 'civ-resource-board';

/** Tag → the module that defines it; a tag without an entry is not in this release. */
export type ElementImports = Partial<Record<CivTag, () => Promise<unknown>>>;

export interface AutoloaderOptions {
  /** The loader's own URL (`import.meta.url`): its `<script>` carries the configuration. */
  scriptUrl: string;
  elements: ElementImports;
  /** Elements that work without the shared session (the consent banner): loading them alone installs nothing. */
  standalone?: CivTag[];
  /** Installs the shared session before the first element loads (default: `core/embed.ts`, imported lazily). */
  install?: (config: EmbedConfig) => Promise<unknown>;
  root?: Document;
  /**
   * Starts the downloads an element needs, called once its import is decided: the built loader passes the
   * verifying importer's (`core/verified-import.ts`), so an element's chain downloads beside the session's
   * instead of after it.
   */
  preload?: (tag: CivTag) => void;
}

/**
 * The configuration the webmaster pasted: `data-tenant` (required) and `data-api` (default: the origin the
 * script was served from). A module script has no `document.currentScript`, so the loader finds its own
 * tag by comparing each script's resolved `src` with its own URL.
 */
export function readConfig(scriptUrl: string, root: Document = document): EmbedConfig {
  const script = Array.from(root.scripts).find((s) => s.src && new URL(s.src, root.baseURI).href === scriptUrl);
  const defaults = { api: new URL(scriptUrl).origin, tenant: undefined };
  return {
    api: script?.dataset.api?.trim() || defaults.api,
    tenant: script?.dataset.tenant?.trim() || defaults.tenant,
  };
}

/**
 * Loads only the `civ-*` elements present on the page, and those added later (anywhere in the light DOM,
 * inside other elements included): a MutationObserver sees them; nothing waits on a timer. The session is
 * installed once, before the first element module runs, so every element finds it when it connects.
 *
 * @example
 * startAutoloader({ scriptUrl: import.meta.url, elements: { 'civ-account': () => import('./account/account.ts') } });
 */
export function startAutoloader(options: AutoloaderOptions): MutationObserver {
  const root = options.root ?? document;
  const requested = new Set<string>();
  let installed: Promise<unknown> | undefined;
  const install = () =>
    (installed ??= (options.install ?? ((config) => import('./embed.ts').then((m) => m.installEmbed(config))))(readConfig(options.scriptUrl, root)));

  const load = (tag: string) => {
    if (requested.has(tag)) return;
    requested.add(tag);
    const needsSession = !options.standalone?.includes(tag as CivTag);
    // An element defined by another script (a bundle, index.ts) still needs the session.
    if (customElements.get(tag)) return void (needsSession && install());
    const importer = options.elements[tag as CivTag];
    if (!importer) {
      console.warn(`[civique] <${tag}> n’existe pas dans cette version de Civique. — <${tag}> is not part of this Civique release.`);
      return;
    }
    const session = needsSession ? install() : Promise.resolve();
    // After install(), whose own imports (the core) are then already on their way.
    options.preload?.(tag as CivTag);
    session.then(importer).catch((error) => console.error(`[civique] <${tag}> n’a pas pu être chargé. — Could not load <${tag}>:`, error));
  };

  const scan = (node: Element | Document) => {
    if (node instanceof Element && node.localName.startsWith('civ-')) load(node.localName);
    for (const element of node.querySelectorAll('*')) {
      if (element.localName.startsWith('civ-')) load(element.localName);
    }
  };

  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) if (node instanceof Element) scan(node);
    }
  });
  observer.observe(root.documentElement, { childList: true, subtree: true });
  scan(root);
  return observer;
}
