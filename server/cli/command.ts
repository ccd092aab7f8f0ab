import type { TenantService } from '../tenants/tenants.service.ts';

/** Wrong arguments: the command prints its usage line and exits 2. */
export class UsageError extends Error {}

/** What a command may use: the services (opened on `DATA_DIR` like the server's), and where to write. */
export interface CliContext {
  tenants: TenantService;
  json: boolean;
  /** Prints a result: `value` as one JSON line under `--json`, else `text`. */
  print(text: string, value: unknown): void;
}

/** One file per group (`origins`, `tenant`…): its usage lines for `--help`, and its subcommands. */
export interface CommandGroup {
  name: string;
  usage: string[];
  run(args: string[], context: CliContext): Promise<void>;
}

/** Exactly `count` positional arguments, or a usage error that names the expected ones. */
export function positional(args: string[], names: string[]): string[] {
  if (args.length !== names.length)
    throw new UsageError(`expected ${names.map((n) => `<${n}>`).join(' ') || 'no argument'}, got ${args.length ? args.join(' ') : 'none'}`);
  return args;
}
