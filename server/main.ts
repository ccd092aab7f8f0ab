import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp, createServices, type AppDeps } from './app.ts';
import { systemClock } from './clock.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
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
  const db = openDatabase(join(dataDir, 'civique.db'));
  const { applied } = migrate(db);
  if (applied.length > 0) console.log(`[civique] migrations applied: ${applied.join(', ')}`);

  const apiOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `http://127.0.0.1:${env.PORT}`;
  const store = createSqliteStore(db);
  const widgetsDir = resolve(env.WIDGETS_DIR);
  const deps: AppDeps = {
    store,
    clock: systemClock,
    secrets: loadOrCreateSecrets(dataDir),
    mailer: env.SMTP_URL ? createSmtpMailer(env.SMTP_URL, env.MAIL_FROM) : createConsoleMailer(),
    trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES),
    publicOrigin: apiOrigin,
    widgetsDir,
  };
  const services = createServices(deps);
  const app = createApp(deps, services);

  if (env.CIVIQUE_SEED_DEMO) {
    const { generatedPassword } = await seedDemo(store, systemClock, env.CIVIQUE_DEMO_STAFF_PASSWORD);
    if (generatedPassword) {
      console.log(`[civique] demo staff account created: ${DEMO_STAFF_EMAIL} / ${generatedPassword} (shown once; set CIVIQUE_DEMO_STAFF_PASSWORD to choose it)`);
    }
  }
  await services.retention.run();
  services.retention.start();
  services.outboxWorker.start();

  const api = serve({ fetch: app.fetch, port: env.PORT, hostname: '0.0.0.0' });
  const servers = [api];
  console.log(`[civique] API         ${apiOrigin}/v1/health  ·  ${apiOrigin}/v1/openapi.json`);
  if (!existsSync(widgetsDir)) console.warn(`[civique] no built widgets in ${widgetsDir}: run \`npm run build\``);
  else console.log(`[civique] widgets     ${apiOrigin}/widgets/v1/civique.js`);
  if (env.DEMO_PORT > 0) {
    servers.push(serve({ fetch: demoSite(resolve('demo'), apiOrigin).fetch, port: env.DEMO_PORT, hostname: '0.0.0.0' }));
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
    await store.close();
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
