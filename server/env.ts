import { z } from 'zod';

/**
 * The environment the server reads at start. Everything has a default so that `npm start` needs no
 * configuration; a bad value stops the start with one line that names the variable.
 */
const Port = z.coerce.number().int().min(1).max(65535);

const EnvSchema = z.object({
  PORT: Port.default(8787),
  /** The address the API and the demo site listen on: this machine only unless told (`0.0.0.0`, `::` for every interface). */
  HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).default('127.0.0.1'),
  /** Where the SQLite file and the generated secrets live. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Public origin of the API, used in links and as the widgets' default API origin. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The fictional commune's site, served beside the API by `npm start`. 0 turns it off. */
  DEMO_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** smtp://user:pass@host:port or smtps://…; without it, mails are printed to the console. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('Civique <no-reply@civique.localhost>'),
  /** Comma-separated proxy addresses or CIDRs whose forwarding headers are believed; `cloudflare` adds Cloudflare's ranges. */
  TRUSTED_PROXIES: z.string().default(''),
  /** Password of the demo staff account; generated and printed once when absent. */
  CIVIQUE_DEMO_STAFF_PASSWORD: z.string().min(12).optional(),
  /** `false` skips the demo tenant seed (production deployments create their own tenants). */
  CIVIQUE_SEED_DEMO: z.stringbool().default(true),
  /** Built widgets folder; `npm start` builds it when missing or stale. */
  WIDGETS_DIR: z.string().default('./dist/widgets'),
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

/** Thrown with a message that fits on one line and names the variable. */
export class EnvError extends Error {}

/**
 * @example
 * const env = parseEnv(process.env); // { PORT: 8787, DATA_DIR: './data', … }
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0] ?? 'environment');
  throw new EnvError(`[civique] invalid environment variable ${name}=${JSON.stringify(source[name] ?? '')}: ${issue.message}`);
}
