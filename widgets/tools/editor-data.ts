/**
 * Editor autocomplete for the `civ-*` elements, made from `dist/custom-elements.json`: VS Code's HTML custom
 * data (`dist/vscode.html-custom-data.json`, for `html.customData`) and JetBrains' `dist/web-types.json`.
 *
 * @example
 * node --import tsx widgets/tools/editor-data.ts   # after `cem analyze`
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Json = Record<string, any>;
const DIST = new URL('../../dist/', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** Every element of the manifest, with its declaration. */
export function customElements(manifest: Json): Json[] {
  return manifest.modules.flatMap((module: Json) => (module.declarations ?? []).filter((d: Json) => d.customElement && d.tagName));
}

const describe = (element: Json) => [element.summary, element.description].filter(Boolean).join('\n\n');
/** `'a' | 'b'` → the values an editor offers for an attribute. */
const values = (type: string | undefined) => [...(type ?? '').matchAll(/'([^']+)'/g)].map((m) => ({ name: m[1] }));

export function vscodeData(manifest: Json): Json {
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: customElements(manifest).map((element) => ({
      name: element.tagName,
      description: describe(element),
      attributes: (element.attributes ?? []).map((a: Json) => ({ name: a.name, description: a.description ?? '', values: values(a.type?.text) })),
    })),
  };
}

export function webTypes(manifest: Json): Json {
  return {
    $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: customElements(manifest).map((element) => ({
          name: element.tagName,
          description: describe(element),
          attributes: (element.attributes ?? []).map((a: Json) => ({
            name: a.name,
            description: a.description ?? '',
            value: { type: a.type?.text ?? 'string' },
          })),
          events: (element.events ?? []).map((e: Json) => ({ name: e.name, description: e.description ?? '' })),
          slots: (element.slots ?? []).map((s: Json) => ({ name: s.name, description: s.description ?? '' })),
          js: {
            properties: (element.members ?? [])
              .filter((m: Json) => m.kind === 'field')
              .map((m: Json) => ({ name: m.name, description: m.description ?? '', type: m.type?.text })),
            events: (element.events ?? []).map((e: Json) => ({ name: e.name, description: e.description ?? '' })),
          },
          css: {
            parts: (element.cssParts ?? []).map((p: Json) => ({ name: p.name, description: p.description ?? '' })),
            properties: (element.cssProperties ?? []).map((p: Json) => ({ name: p.name, description: p.description ?? '' })),
          },
        })),
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', DIST), 'utf8'));
  writeFileSync(new URL('vscode.html-custom-data.json', DIST), `${JSON.stringify(vscodeData(manifest), null, 2)}\n`);
  writeFileSync(new URL('web-types.json', DIST), `${JSON.stringify(webTypes(manifest), null, 2)}\n`);
}
