// Browser tests for the widgets, in Debian's Chromium (no browser is ever downloaded).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default {
  rootDir: root,
  // widgets/tools/ holds node tests of the build (run by npm run test:manifest), not browser tests.
  files: ['widgets/**/*.test.ts', '!widgets/tools/**'],
  nodeResolve: { exportConditions: ['production', 'default'] },
  // The tsconfig carries `useDefineForClassFields: false`: class fields would otherwise shadow Lit's reactive accessors.
  plugins: [esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)), target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 180000,
};
