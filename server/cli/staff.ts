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

/** A tenant's staff: invite (the invited person chooses their own password through the mailed link), roles, removal; the rules are `StaffService`'s. */
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
        const returnUrl = typeof context.options['return-url'] === 'string' ? context.options['return-url'] : undefined;
        const member = await context.staff.invite(tenant, { email: normaliseEmail(email), role, returnUrl }, 'operator');
        return context.print(`invited ${member.email} to "${tenant.id}" as ${member.roles.join(', ')}; the link is in the outbox`, {
          tenant: tenant.id,
          accountId: member.accountId,
          email: member.email,
          roles: member.roles,
        });
      }
      case 'roles': {
        const [tenantId, email, list] = positional(args, ['tenant', 'email', 'roles']);
        const wanted = roles(list);
        const tenant = await context.tenants.get(tenantId);
        const account = await staffAccount(context, email);
        await context.staff.setRoles(tenant, account.id, wanted, 'operator');
        return context.print(`${account.email} at "${tenant.id}": ${wanted.join(', ')}`, { tenant: tenant.id, accountId: account.id, roles: wanted });
      }
      case 'remove': {
        const [tenantId, email] = positional(args, ['tenant', 'email']);
        const tenant = await context.tenants.get(tenantId);
        const account = await staffAccount(context, email);
        await context.staff.remove(tenant, account.id, 'operator');
        return context.print(`${account.email} is no longer staff of "${tenant.id}"`, { tenant: tenant.id, accountId: account.id, roles: [] });
      }
      case 'list': {
        const [tenantId] = positional(args, ['tenant']);
        const tenant = await context.tenants.get(tenantId);
        const members = await context.staff.list(tenant);
        return context.print(members.length ? members.map((m) => `${m.email}\t${m.roles.join(',')}`).join('\n') : `(no staff for "${tenant.id}")`, members);
      }
      default:
        throw new UsageError(action ? `unknown staff command "${action}"` : 'staff needs invite, roles, remove or list');
    }
  },
};
