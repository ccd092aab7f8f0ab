import { Email } from '../accounts/accounts.schemas.ts';
import { parseRoles, STAFF_ROLES, type StaffRole } from '../staff/roles.ts';
import { positional, RefusedError, UsageError, type CliContext, type CommandGroup } from './command.ts';

/** The address as accounts store it (trimmed, lower-cased), or a refusal. */
function normaliseEmail(input: string): string {
  const parsed = Email.safeParse(input);
  if (!parsed.success) throw new RefusedError(`"${input}" is not an email address`);
  return parsed.data;
}

function roles(list: string): StaffRole[] {
  const parsed = parseRoles(list);
  if ('error' in parsed) throw new RefusedError(parsed.error);
  return parsed;
}

async function staffAccount(context: CliContext, email: string) {
  const account = await context.store.accounts.getByEmail(normaliseEmail(email));
  if (!account) throw new RefusedError(`no account for ${email}`);
  return account;
}

/** A tenant's staff: invite (the invited person chooses their own password through the mailed link), roles, removal. */
export const staff: CommandGroup = {
  name: 'staff',
  usage: [
    `staff invite <tenant> <email> --role ${STAFF_ROLES.join('|')} [--return-url <page of the tenant's site>]`,
    'staff roles <tenant> <email> <role,role…>',
    'staff remove <tenant> <email>',
    'staff list <tenant>',
  ],
  options: { role: 'value', 'return-url': 'value' },
  async run([action, ...args], context) {
    switch (action) {
      case 'invite': {
        const [tenantId, email] = positional(args, ['tenant', 'email']);
        if (typeof context.options.role !== 'string') throw new UsageError('staff invite needs --role');
        const [role] = roles(context.options.role);
        const tenant = await context.tenants.get(tenantId);
        const returnUrl =
          typeof context.options['return-url'] === 'string' ? context.options['return-url'] : `${tenant.allowedOrigins[0] ?? context.publicOrigin}/`;
        const existing = await context.store.accounts.getByEmail(normaliseEmail(email));
        const before = existing ? await context.store.tenants.staffRoles(tenant.id, existing.id) : [];
        const after = [...new Set([...before, role])];
        const { account } = await context.accounts.inviteStaff({ tenant, email: normaliseEmail(email), returnUrl, roles: after });
        await context.store.tenants.setStaffRoles(tenant.id, account.id, after, context.clock.now());
        await context.audit({
          tenantId: tenant.id,
          action: 'staff invite',
          target: `account:${account.id}`,
          before: { roles: before },
          after: { email: account.email, roles: after },
        });
        return context.print(`invited ${account.email} to "${tenant.id}" as ${after.join(', ')}; the link is in the outbox`, {
          tenant: tenant.id,
          accountId: account.id,
          email: account.email,
          roles: after,
        });
      }
      case 'roles': {
        const [tenantId, email, list] = positional(args, ['tenant', 'email', 'roles']);
        const wanted = roles(list);
        const tenant = await context.tenants.get(tenantId);
        const account = await staffAccount(context, email);
        const before = await context.store.tenants.staffRoles(tenant.id, account.id);
        if (before.length === 0) throw new RefusedError(`${email} is not staff of "${tenant.id}": invite them first (staff invite)`);
        await context.store.tenants.setStaffRoles(tenant.id, account.id, wanted, context.clock.now());
        await context.audit({
          tenantId: tenant.id,
          action: 'staff roles',
          target: `account:${account.id}`,
          before: { roles: before },
          after: { roles: wanted },
        });
        return context.print(`${account.email} at "${tenant.id}": ${wanted.join(', ')}`, { tenant: tenant.id, accountId: account.id, roles: wanted });
      }
      case 'remove': {
        const [tenantId, email] = positional(args, ['tenant', 'email']);
        const tenant = await context.tenants.get(tenantId);
        const account = await staffAccount(context, email);
        const before = await context.store.tenants.staffRoles(tenant.id, account.id);
        if (before.length === 0) throw new RefusedError(`${email} is not staff of "${tenant.id}"`);
        await context.store.tenants.setStaffRoles(tenant.id, account.id, [], context.clock.now());
        // Staff power ends now, not when the session expires.
        await context.store.accounts.deleteSessions(account.id);
        await context.audit({ tenantId: tenant.id, action: 'staff remove', target: `account:${account.id}`, before: { roles: before }, after: { roles: [] } });
        return context.print(`${account.email} is no longer staff of "${tenant.id}"`, { tenant: tenant.id, accountId: account.id, roles: [] });
      }
      case 'list': {
        const [tenantId] = positional(args, ['tenant']);
        const tenant = await context.tenants.get(tenantId);
        const members = await Promise.all(
          (await context.store.tenants.listStaff(tenant.id)).map(async (m) => ({
            ...m,
            email: (await context.store.accounts.get(m.accountId))?.email ?? null,
          })),
        );
        return context.print(members.length ? members.map((m) => `${m.email}\t${m.roles.join(',')}`).join('\n') : `(no staff for "${tenant.id}")`, members);
      }
      default:
        throw new UsageError(action ? `unknown staff command "${action}"` : 'staff needs invite, roles, remove or list');
    }
  },
};
