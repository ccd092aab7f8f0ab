import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for the widgets: every state of every element is a story, against a mocked API
 * (`widgets/testing/mock-api.ts`, through `stories/story-helpers.ts`). `npm run storybook` serves it; `npm run build-storybook` builds it for the smoke test.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../*.stories.ts'],
  // Docs pages (autodocs) from the custom elements manifest set in preview.ts.
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import('vite');
    // Class fields must not shadow Lit's reactive accessors (the project's tsconfig: useDefineForClassFields false).
    return mergeConfig(viteConfig, {
      esbuild: { tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } } },
    });
  },
};

export default config;
