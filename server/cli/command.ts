import type { AccountService } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock.ts';
import type { ConsultationService } from '../consultations/consultations.service.ts';
import type { RightsService } from '../rights/rights.service.ts';
import type { StaffService } from '../staff/staff.service.ts';
import type { Store } from '../store.ts';
import type { PartnerService } from '../tenants/partners.service.ts';
import type { TenantService } from '../tenants/tenants.service.ts';

/** Wrong arguments: the command prints its usage line and exits 2. */
export class UsageError extends Error {}

/** The command was understood and refused (unknown tenant, bad value…): one line on stderr, exit 1. */
export class RefusedError extends Error {}

/** What a command may use: the services (opened on `DATA_DIR` like the server's), and where to write. */
export interface CliContext {
  tenants: TenantService;
  partners: PartnerService;
  accounts: AccountService;
  consultations: ConsultationService;
  rights: RightsService;
  staff: StaffService;
  store: Store;
  clock: Clock;
  /** Records what the command changed in the audit log, as the operator. */
  audit(event: { tenantId: string | null; action: string; target: string | null; before?: unknown; after?: unknown }): Promise<void>;
  /** The API's own origin (PUBLIC_URL), where the staff console is served. */
  publicOrigin: string;
  json: boolean;
  /** The group's options given (`--staff` → `staff: true`, `--role admin` → `role: 'admin'`). */
  options: Record<string, string | true>;
  /** Prints a result: `value` as one JSON line under `--json`, else `text`. */
  print(text: string, value: unknown): void;
}

/** One file per group (`origins`, `tenant`…): its usage lines for `--help`, and its subcommands. */
export interface CommandGroup {
  name: string;
  usage: string[];
  /** The options the group takes: a flag, or one that takes a value (`--role admin` or `--role=admin`). */
  options?: Record<string, 'flag' | 'value'>;
  run(args: string[], context: CliContext): Promise<void>;
}

/** Exactly `count` positional arguments, or a usage error that names the expected ones. */
export function positional(args: string[], names: string[]): string[] {
  if (args.length !== names.length)
    throw new UsageError(`expected ${names.map((n) => `<${n}>`).join(' ') || 'no argument'}, got ${args.length ? args.join(' ') : 'none'}`);
  return args;
}

/**
 * Splits a group's arguments into positional ones and its options. An option the group does not take, or a
 * value option without its value, is a usage error.
 */
export function parseOptions(args: string[], known: Record<string, 'flag' | 'value'> = {}): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    options[name] = value;
  }
  return { positional, options };
}
