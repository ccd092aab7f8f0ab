import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'rollup';

export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

/**
 * Writes `THIRD-PARTY-NOTICES.txt` into each release: the name, version and licence text of every package
 * bundled into the widgets (Lit's and @lit/context's BSD-3-Clause notices…), which the minifier strips from the code.
 * Each file's banner links to it (see `noticeBanner`), so the notices travel with the widgets.
 */
export function thirdPartyNotices(): Plugin {
  return {
    name: 'civique-third-party-notices',
    generateBundle() {
      const packages = new Map<string, string>();
      for (const id of this.getModuleIds()) {
        const match = /^(.*\/node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(id);
        if (match) packages.set(match[2], match[1]);
      }
      const sections = [...packages]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, dir]) => {
          const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string };
          const file = ['LICENSE', 'LICENSE.md', 'license', 'LICENSE.txt'].map((f) => join(dir, f)).find(existsSync);
          if (!file) this.error(`${name} ships no licence file: its notice cannot be reproduced`);
          return `${name}@${version} (${license ?? 'see below'})\n\n${readFileSync(file, 'utf8').trim()}\n`;
        });
      const header =
        'Civique widgets — AGPL-3.0-or-later (see LICENSE in the source repository).\n' + 'They include the following packages, under their own licences:\n\n';
      this.emitFile({ type: 'asset', fileName: NOTICES_FILE, source: header + sections.join(`\n${'-'.repeat(78)}\n\n`) });
    },
  };
}

/**
 * The banner of every built file, one short line (every page downloads it once per file): the licence, and
 * where the bundled packages' notices are.
 */
export const noticeBanner = (chunk: { fileName: string }) => `/*! Civique AGPL-3.0-or-later ${chunk.fileName.includes('/') ? '../' : ''}${NOTICES_FILE} */`;
