import { serve, type ServerType } from '@hono/node-server';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createApiListener, createApp, createServices, type AppDeps } from './app.ts';
import { systemClock } from './clock.ts';
import { startWalCheckpointer } from './db/checkpointer.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { dataFiles, writePidFile } from './backup/data-files.ts';
import { ErasureLedger } from './personal-data/erasure-ledger.ts';
import { secureDataDir } from './data-dir.ts';
import { demoSite } from './demo-site.ts';
import { EnvError, parseEnv } from './env.ts';
import { parseTrustedProxies } from './http/client-ip.ts';
import { createConsoleMailer, createSmtpMailer } from './mail/mailer.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { DEMO_STAFF_EMAIL, DEMO_TENANT, seedDemo } from './seed/demo.ts';
import { createSqliteStore } from './store.ts';

/** Reads the environment, opens the database, and serves the API (and the demo site) until stopped. */
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const dataDir = resolve(env.DATA_DIR);
  secureDataDir(dataDir);
  const files = dataFiles(dataDir);
  const db = openDatabase(files.database);
  const { applied } = migrate(db);
  if (applied.length > 0) console.log(`[civique] migrations applied: ${applied.join(', ')}`);

  const apiOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `http://127.0.0.1:${env.PORT}`;
  const store = createSqliteStore(db);
  const checkpointer = startWalCheckpointer(db, files.database);
  console.log(`[civique] participation writer: group commit, synchronous=${await store.participations.synchronous()}`);
  const widgetsDir = resolve(env.WIDGETS_DIR);
  const deps: AppDeps = {
    store,
    clock: systemClock,
    secrets: loadOrCreateSecrets(dataDir),
    mailer: env.SMTP_URL ? createSmtpMailer(env.SMTP_URL, env.MAIL_FROM) : createConsoleMailer(),
    trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES),
    publicOrigin: apiOrigin,
    widgetsDir,
    erasureLedger: new ErasureLedger(files.ledger),
  };
  const services = createServices(deps);
  const app = createApp(deps, services);

  if (env.CIVIQUE_SEED_DEMO) {
    const { generatedPassword } = await seedDemo(store, systemClock, env.CIVIQUE_DEMO_STAFF_PASSWORD);
    if (generatedPassword) {
      console.log(
        `[civique] demo staff account created: ${DEMO_STAFF_EMAIL} / ${generatedPassword} (shown once; set CIVIQUE_DEMO_STAFF_PASSWORD to choose it)`,
      );
    } else {
      // Later starts: the password was printed once; say what the account is and how to get back in.
      const demoAccount = env.DEMO_PORT > 0 ? `http://localhost:${env.DEMO_PORT}/mon-compte.html` : 'a page holding <civ-account>';
      console.log(
        `[civique] demo staff account ${DEMO_STAFF_EMAIL} exists: the agent of "${DEMO_TENANT.id}", who runs its consultations (results, quarantine review, staff API). ` +
          `Its password was printed at its first start; to reset it, use « Mot de passe oublié ? » on ${demoAccount}` +
          `${env.SMTP_URL ? '' : ' (the reset link is printed here)'}, or start on an empty DATA_DIR.`,
      );
    }
  }
  await services.retention.run();
  services.retention.start();
  services.outboxWorker.start();

  const clearPidFile = writePidFile(dataDir);
  // Where the socket really listens, not where we meant it to: what a reader needs to reach it, or to worry.
  const listening = (what: string) => (info: AddressInfo) =>
    console.log(`[civique] ${what} listening on ${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`);
  const api = createServer(createApiListener(deps, services, app));
  api.listen(env.PORT, env.HOST, () => listening('API')(api.address() as AddressInfo));
  const servers: ServerType[] = [api];
  console.log(`[civique] API         ${apiOrigin}/v1/health  ·  ${apiOrigin}/v1/openapi.json`);
  const aliasesFile = join(widgetsDir, 'aliases.json');
  if (!existsSync(aliasesFile)) console.warn(`[civique] no built widgets in ${widgetsDir}: run \`npm run build\``);
  else {
    for (const [alias, release] of Object.entries(JSON.parse(readFileSync(aliasesFile, 'utf8')) as Record<string, string>)) {
      const manifest = JSON.parse(readFileSync(join(widgetsDir, release, 'manifest.json'), 'utf8')) as { entries: Record<string, { integrity: string }> };
      console.log(`[civique] widgets     ${apiOrigin}/widgets/${alias}/civique.js  (moving alias, no integrity)`);
      // The snippet to paste: pinned to this release, which stays served after later builds.
      console.log(
        `[civique] pinned      <script type="module" src="${apiOrigin}/widgets/${release}/civique.js" integrity="${manifest.entries['civique.js'].integrity}" crossorigin="anonymous" data-tenant="…"></script>`,
      );
    }
  }
  if (env.DEMO_PORT > 0) {
    servers.push(serve({ fetch: demoSite(resolve('demo'), apiOrigin).fetch, port: env.DEMO_PORT, hostname: env.HOST }, listening('demo site')));
    console.log(`[civique] demo site   http://localhost:${env.DEMO_PORT}/  (tenant "${DEMO_TENANT.id}")`);
  }
  if (!env.SMTP_URL) console.log('[civique] no SMTP_URL: mails are printed here');

  // A signal stops taking requests, lets those already in flight finish, commits every pending participation
  // (each acknowledged one is on disk), then closes the database.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    services.retention.stop();
    services.outboxWorker.stop();
    const closed = servers.map((server) => new Promise((resolve) => server.close(resolve)));
    // Keep-alive connections idle between requests would hold close() open.
    for (const server of servers) if ('closeIdleConnections' in server) server.closeIdleConnections();
    await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await checkpointer.stop();
    await store.close();
    clearPidFile();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  if (error instanceof EnvError || (error instanceof Error && error.message.startsWith('[civique]'))) {
    console.error(error.message);
  } else {
    console.error('[civique] could not start:', error);
  }
  process.exit(1);
});
