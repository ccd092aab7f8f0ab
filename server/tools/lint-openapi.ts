/**
 * `npm run test:openapi`: Redocly's recommended rules over the document the server serves. Fails on any error;
 * warnings are printed. (The one expected warning: `getHealth` has no 4xx, because a liveness probe has none.)
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeApiDocument } from './openapi-document.ts';

const file = await writeApiDocument();
// No telemetry: the lint runs offline, in CI too.
const result = spawnSync('npx', ['--no-install', 'redocly', 'lint', '--extends=recommended', file], {
  stdio: 'inherit',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
rmSync(dirname(file), { recursive: true, force: true });
process.exit(result.status ?? 1);
