import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataFiles } from '../backup/data-files.ts';
import { secureDataDir } from '../data-dir.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { EnvError, parseEnv } from '../env.ts';
import { createSqliteStore } from '../store.ts';
import { TenantService, TenantSettingsError } from '../tenants/tenants.service.ts';
import { parseOptions, RefusedError, UsageError, type CommandGroup } from './command.ts';
import { AccountService } from '../accounts/accounts.service.ts';
import { PasswordCheck } from '../accounts/password-check.ts';
import { AuditService } from '../audit/audit.service.ts';
import { StaffService } from '../staff/staff.service.ts';
import { systemClock } from '../clock.ts';
import { DomainError } from '../errors.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { KeyRing } from '../key-ring.ts';
import { PersonalDataRegistry } from '../personal-data/registry.ts';
import { RightsService } from '../rights/rights.service.ts';
import { staff } from './staff.ts';
import { consultation } from './consultation.ts';
import { rights as rightsCommands } from './rights.ts';
import { ConsultationService } from '../consultations/consultations.service.ts';
import { parseSettings } from '../consultation-settings.ts';
import { origins } from './origins.ts';
import { partners } from './partners.ts';
import { PartnerService } from '../tenants/partners.service.ts';
import { tenant } from './tenant.ts';

/** A new group of commands is one file exporting a `CommandGroup`, listed here. */
const GROUPS: CommandGroup[] = [tenant, origins, partners, staff, consultation, rightsCommands];

const HELP = [
  'usage: npm run civique -- [--json] <command>',
  '',
  ...GROUPS.flatMap((group) => group.usage.map((line) => `  ${line}`)),
  '',
  'Works on the database in DATA_DIR (default ./data), like `npm start`; the running server sees changes within seconds.',
  '--json prints the result as one JSON line.',
].join('\n');

/**
 * `npm run civique -- <command>`: the operator's command line. Exit codes: 0 done, 2 usage, 1 failure; errors
 * are one line on stderr, starting with `[civique]`.
 */
async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return args.length === 0 ? 2 : 0;
  }
  const group = GROUPS.find((g) => g.name === args[0]);
  if (!group) {
    const unknownFlag = args[0]?.startsWith('--');
    console.error(`[civique] ${unknownFlag ? `unknown option ${args[0]}` : `unknown command "${args[0]}"`} (see npm run civique -- --help)`);
    return 2;
  }
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args.slice(1), group.options);
  } catch (error) {
    console.error(`[civique] ${(error as Error).message}; usage: ${group.usage.map((u) => `npm run civique -- ${u}`).join(' | ')}`);
    return 2;
  }

  const env = parseEnv(process.env);
  const dataDir = resolve(env.DATA_DIR);
  const { database } = dataFiles(dataDir);
  // An empty folder here is a wrong DATA_DIR far more often than a wish for a new database.
  if (!existsSync(database)) {
    console.error(`[civique] no database at ${database}: check DATA_DIR, or start the server once`);
    return 1;
  }
  secureDataDir(dataDir);
  const db = openDatabase(database);
  try {
    migrate(db);
    const store = createSqliteStore(db);
    const clock = systemClock;
    const limiter = new RateLimiter(store.rateLimits, clock, new KeyRing(store.stuffing, clock, 'rate-limit'));
    const rights = new RightsService(new PersonalDataRegistry(undefined, clock), store.rights, store.consultations, clock, new PasswordCheck(limiter));
    // Mails are queued in the outbox; the running server's worker sends them.
    const accounts = new AccountService(store.accounts, store.tenants, clock, limiter, new PasswordCheck(limiter), (id, kind) => rights.log(id, kind));
    const audit = new AuditService(store.audit, clock);
    const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `http://127.0.0.1:${env.PORT}`;
    const staff = new StaffService(store.tenants, store.accounts, accounts, audit, clock, publicOrigin);
    await group.run(parsed.positional, {
      tenants: new TenantService(store.tenants, (event, actor) => audit.record({ ...event, actor })),
      partners: new PartnerService(store.partners, clock, (event, actor) => audit.record({ ...event, actor })),
      accounts,
      rights,
      staff,
      consultations: new ConsultationService(store.consultations, clock, { parse: parseSettings }),
      store,
      clock,
      audit: (event) => audit.record({ ...event, actor: 'operator' }),
      publicOrigin,
      json,
      options: parsed.options,
      print: (text, value) => console.log(json ? JSON.stringify(value) : text),
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`[civique] ${error.message}; usage: ${group.usage.map((u) => `npm run civique -- ${u}`).join(' | ')}`);
      return 2;
    }
    if (error instanceof TenantSettingsError || error instanceof RefusedError || error instanceof DomainError) {
      // The service's first issue says where: the operator fixes the file without guessing.
      const issue = error instanceof DomainError ? error.details.issues?.[0] : undefined;
      console.error(`[civique] ${error.message}${issue ? ` (${issue.path}: ${issue.message})` : ''}`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof EnvError ? error.message : `[civique] failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
