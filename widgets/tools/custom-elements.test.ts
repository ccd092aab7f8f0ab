/**
 * `dist/custom-elements.json` (written by `npm run build`) describes every element the release loads, with
 * its tag, so editors and Storybook find them; the editors' data files list the same tags.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';
import { customElements } from './editor-data.ts';
import type { WidgetManifest } from './manifest-plugin.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The tags of `CivTag` that this release loads: the keys of the loader's `ELEMENTS` map. */
function loadedTags(): string[] {
  const source = ts.createSourceFile('loader.ts', read('widgets/loader.ts'), ts.ScriptTarget.Latest);
  const tags: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === 'ELEMENTS' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      for (const p of node.initializer.properties) if (p.name && ts.isStringLiteral(p.name)) tags.push(p.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return tags;
}

test('every element the loader knows is in the custom elements manifest, with its tag and its documented API', () => {
  assert.ok(existsSync(new URL('dist/custom-elements.json', root)), 'run `npm run build` first');
  const manifest = JSON.parse(read('dist/custom-elements.json'));
  const pkg = JSON.parse(read('package.json'));
  assert.equal(pkg.customElements, 'dist/custom-elements.json');
  const tags = loadedTags();
  assert.ok(tags.length >= 4, `the loader's ELEMENTS map was not found (${tags})`);
  const elements = new Map(customElements(manifest).map((e) => [e.tagName as string, e]));
  for (const tag of tags) {
    const element = elements.get(tag);
    assert.ok(element, `${tag} is missing from dist/custom-elements.json (or has no tagName)`);
    assert.ok(element.summary, `${tag} has no @summary`);
    assert.ok(element.cssProperties?.length > 0, `${tag} documents no --civ-* custom property`);
    assert.ok(
      element.cssParts?.some((p: { name: string }) => p.name === 'base'),
      `${tag} documents no "base" part`,
    );
    assert.ok(element.events?.length > 0, `${tag} documents no event`);
    // Only what the host page sets is an attribute: internal state stays out.
    const fields = new Map<string, { privacy?: string }>(element.members.map((m: { name: string }) => [m.name, m]));
    for (const attribute of element.attributes ?? []) {
      assert.ok(!attribute.fieldName || fields.has(attribute.fieldName), `${tag}: attribute ${attribute.name} is internal state`);
    }
  }
  for (const file of ['dist/vscode.html-custom-data.json', 'dist/web-types.json']) {
    const text = read(file);
    for (const tag of tags) assert.ok(text.includes(`"name": "${tag}"`), `${tag} is missing from ${file}`);
  }
});

test('every element the loader knows has its chain in the release manifest, so a page holding only it preloads that chain', () => {
  const aliases = JSON.parse(read('dist/widgets/aliases.json')) as Record<string, string>;
  const manifest = JSON.parse(read(`dist/widgets/${aliases.v1}/manifest.json`)) as WidgetManifest;
  for (const tag of loadedTags()) {
    const element = manifest.elements[tag];
    assert.ok(element, `${tag} has no entry in the manifest's elements: a page with only <${tag}> would not preload its chunk`);
    assert.ok(element.page.includes(element.chunk) && element.page.includes('civique.js'), `${tag}: ${JSON.stringify(element)}`);
  }
  // civique.js carries the same table for the loader's early preloads.
  const loader = read(`dist/widgets/${aliases.v1}/civique.js`);
  for (const tag of loadedTags()) assert.ok(loader.includes(`"${tag}":"./${manifest.elements[tag].chunk}"`), `civique.js preloads ${tag}`);
});
