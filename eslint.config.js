// ESLint (flat config): TypeScript everywhere, Lit and web-component rules for the widgets — the rule sets Lit's
// and Open Web Components' own repositories use. Formatting is Prettier's job (`.prettierrc.json`), not ESLint's.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'storybook-static/', 'widgets/core/api-schema.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      // `_unused` names a value taken out on purpose (e.g. `const { id: _unused, ...params } = row`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    // Plain scripts run in a browser (demo/assets) or in Node (configuration files).
    languageOptions: { globals: { document: 'readonly', console: 'readonly', location: 'readonly', window: 'readonly', URL: 'readonly', process: 'readonly' } },
  },
  {
    files: ['**/*.test.ts', '**/*.e2e.ts', 'widgets/testing/**', 'server/testing/**', 'server/tools/**', 'server/http/openapi.ts', 'widgets/tools/**'],
    rules: {
      // Tests and tools walk untyped JSON (OpenAPI documents, API answers, build manifests) with plain property access.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['widgets/**/*.test.ts', 'widgets/testing/**'],
    rules: {
      // Chai's property assertions (`expect(x).to.exist`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['widgets/**/*.ts'],
    rules: {
      // Lit controllers (Resource, LazyPart) live in private fields for their side effect: their constructor
      // registers them with the host element, which then drives them; the field itself is often never read.
      'no-unused-private-class-members': 'off',
    },
  },
  {
    files: ['widgets/**/*.ts', 'stories/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['widgets/**/*.ts', 'stories/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
);
