/**
 * The Custom Elements Manifest (`dist/custom-elements.json`), from the elements' JSDoc (`@summary`, `@event`,
 * `@slot`, `@csspart`, `@cssproperty`) and Lit's decorators. `npm run build` writes it; the editors' data
 * (VS Code, JetBrains) and Storybook's docs are made from it.
 */

/**
 * The elements are registered through `define('civ-x', CivX)` (widgets/core/define.ts), which the analyzer does
 * not know: this plugin reads those calls, so the tag is stated once, where it is registered.
 */
function defineCalls() {
  const tags = new Map(); // class name → tag
  return {
    name: 'civique-define-calls',
    analyzePhase({ ts, node }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'define') return;
      const [tag, element] = node.arguments;
      if (tag && ts.isStringLiteral(tag) && element && ts.isIdentifier(element)) tags.set(element.getText(), tag.text);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const tagName = tags.get(declaration.name);
          if (declaration.kind !== 'class' || !tagName) continue;
          declaration.customElement = true;
          declaration.tagName = tagName;
          module.exports = [
            ...(module.exports ?? []),
            { kind: 'custom-element-definition', name: tagName, declaration: { name: declaration.name, module: module.path } },
          ];
        }
      }
    },
  };
}

/** Members that are not the host page's business (`@state`, `#private`, `_underscored`) stay out of the manifest. */
function publicOnly() {
  return {
    name: 'civique-public-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          declaration.members = (declaration.members ?? []).filter(
            (m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('_') && !m.name.startsWith('#'),
          );
          const members = new Set(declaration.members.map((m) => m.name));
          declaration.attributes = (declaration.attributes ?? []).filter((a) => !a.fieldName || members.has(a.fieldName));
        }
      }
    },
  };
}

export default {
  globs: ['widgets/**/*.ts'],
  exclude: [
    'widgets/**/*.test.ts',
    'widgets/**/*.e2e.ts',
    'widgets/**/*.fixtures.ts',
    'widgets/tools/**',
    'widgets/testing/**',
    'widgets/core/api-schema.generated.ts',
  ],
  outdir: 'dist',
  litelement: true,
  plugins: [defineCalls(), publicOnly()],
};
