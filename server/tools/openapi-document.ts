/**
 * The OpenAPI document exactly as `GET /v1/openapi.json` serves it, from an app built in-process on an empty
 * in-memory database: the linter and the widgets' type generator read this, not a hand-kept copy.
 *
 * @example
 * node --import tsx server/tools/openapi-document.ts /tmp/openapi.json
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, createServices, type AppDeps } from '../app.ts';
import { systemClock } from '../clock.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { createConsoleMailer } from '../mail/mailer.ts';
import { randomSecrets } from '../secrets.ts';
import { createSqliteStore } from '../store.ts';

/** The address the document's `servers` names when none is configured (the default of `npm start`). */
export const DOCUMENT_ORIGIN = 'http://127.0.0.1:8787';

export async function buildApiDocument(publicOrigin = DOCUMENT_ORIGIN): Promise<Record<string, any>> {
  const db = openDatabase(':memory:');
  migrate(db);
  const deps: AppDeps = { store: createSqliteStore(db), clock: systemClock, mailer: createConsoleMailer(), secrets: randomSecrets(), publicOrigin };
  const services = createServices(deps);
  try {
    const res = await createApp(deps, services).request('/v1/openapi.json');
    if (res.status !== 200) throw new Error(`GET /v1/openapi.json answered ${res.status}`);
    return (await res.json()) as Record<string, any>;
  } finally {
    services.outboxWorker.stop();
    services.retention.stop();
    db.close();
  }
}

/** Writes the document to `file` (a new temporary file by default) and returns its path. */
export async function writeApiDocument(file = join(mkdtempSync(join(tmpdir(), 'civique-openapi-')), 'openapi.json')): Promise<string> {
  writeFileSync(file, `${JSON.stringify(await buildApiDocument(), null, 2)}\n`);
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await writeApiDocument(process.argv[2]));
