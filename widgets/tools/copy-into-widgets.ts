import { readFileSync } from 'node:fs';
import type { Plugin } from 'rollup';

/**
 * Bundles some shared modules into the chunk of each widget that imports them, instead of a chunk of their
 * own: a page with one of those widgets then downloads one file where it downloaded two, and gzip works per
 * file (for `civ-survey`, ~0.9 KB gzip less in one). Only a page holding several of those widgets downloads the
 * modules again, with each widget.
 *
 * Each widget gets its own copy of a module, named after it beside the real file (`core/ranking.ts` imported
 * by `survey/` is `core/ranking.survey.ts` in the build and its source maps; a package's `.js` module likewise), so that relative imports resolve
 * as in the real file; what the copy imports is copied too when it is one of `modules`, and shared otherwise.
 *
 * @example
 * copyIntoWidgets({ widgets: ['vote', 'survey'], modules: /\/widgets\/core\/(ranking|choices)\.ts$/ })
 */
export function copyIntoWidgets(options: { widgets: string[]; modules: RegExp }): Plugin {
  const copy = new RegExp(`^(.*)\\.(${options.widgets.join('|')})\\.(ts|js)$`);
  const folder = new RegExp(`/widgets/(${options.widgets.join('|')})/`);
  /** The real file behind a copy, and the widget it was made for; undefined for any other id. */
  const copyOf = (id: string) => {
    const match = copy.exec(id);
    return match && options.modules.test(`${match[1]}.${match[3]}`) ? { file: `${match[1]}.${match[3]}`, widget: match[2] } : undefined;
  };
  return {
    name: 'civique-copy-into-widgets',
    async resolveId(source, importer, resolveOptions) {
      if (!importer) return null;
      const from = copyOf(importer);
      const widget = from?.widget ?? folder.exec(importer)?.[1];
      if (!widget) return null;
      const resolved = await this.resolve(source, from?.file ?? importer, { ...resolveOptions, skipSelf: true });
      return resolved && !resolved.external && options.modules.test(resolved.id) ? resolved.id.replace(/\.(ts|js)$/, `.${widget}.$1`) : resolved;
    },
    load(id) {
      const from = copyOf(id);
      return from ? readFileSync(from.file, 'utf8') : null;
    },
  };
}
