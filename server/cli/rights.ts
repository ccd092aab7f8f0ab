import { Email } from '../accounts/accounts.schemas.ts';
import { RIGHTS_REQUEST_KINDS, type RightsRequestKind } from '../personal-data/registry.ts';
import { positional, RefusedError, UsageError, type CommandGroup } from './command.ts';

/** Data-rights requests received on paper or by mail, logged like self-service ones (due in one month). */
export const rights: CommandGroup = {
  name: 'rights',
  usage: [`rights intake <tenant> <email> <${RIGHTS_REQUEST_KINDS.join('|')}>`, 'rights list <tenant>'],
  async run([action, ...args], context) {
    if (action === 'list') {
      // The ledger the console's admins read: the same service call.
      const [tenantId] = positional(args, ['tenant']);
      const tenant = await context.tenants.get(tenantId);
      const ledger = (await context.rights.ledger(tenant.id)).map((r) => ({
        ...r,
        receivedAt: new Date(r.receivedAt).toISOString(),
        dueAt: new Date(r.dueAt).toISOString(),
        completedAt: r.completedAt === null ? null : new Date(r.completedAt).toISOString(),
      }));
      const lines = ledger.map((r) => `${r.id}  ${r.kind.padEnd(13)} received ${r.receivedAt}  due ${r.dueAt}  ${r.status}`);
      return context.print(lines.length ? lines.join('\n') : `no data-rights request for ${tenant.id}`, ledger);
    }
    if (action !== 'intake') throw new UsageError(action ? `unknown rights command "${action}"` : 'rights needs intake or list');
    const [tenantId, address, kind] = positional(args, ['tenant', 'email', 'kind']);
    if (!(RIGHTS_REQUEST_KINDS as readonly string[]).includes(kind))
      throw new RefusedError(`unknown kind "${kind}" (kinds: ${RIGHTS_REQUEST_KINDS.join(', ')})`);
    const tenant = await context.tenants.get(tenantId);
    const email = Email.safeParse(address);
    if (!email.success) throw new RefusedError(`"${address}" is not an email address`);
    const account = await context.store.accounts.getByEmail(email.data);
    if (!account) throw new RefusedError(`no account for ${email.data}: Civique holds nothing under that address`);
    const request = await context.rights.intake(account.id, kind as RightsRequestKind, tenant.id);
    await context.audit({ tenantId: tenant.id, action: 'rights intake', target: `account:${account.id}`, after: { kind, email: account.email } });
    const due = new Date(request.dueAt).toISOString();
    return context.print(`logged a ${kind} request for ${account.email}, received ${new Date(request.receivedAt).toISOString()}, due by ${due}`, {
      id: request.id,
      accountId: account.id,
      kind,
      receivedAt: new Date(request.receivedAt).toISOString(),
      dueAt: due,
    });
  },
};
