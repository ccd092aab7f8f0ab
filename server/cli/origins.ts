import type { OriginList } from '../tenants/tenants.service.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import { positional, UsageError, type CliContext, type CommandGroup } from './command.ts';

const LABEL: Record<OriginList, string> = { allowedOrigins: 'allowed origins', staffOrigins: 'staff origins' };

const show = (context: CliContext, tenant: Tenant, list: OriginList, done: string) =>
  context.print(`${done}${tenant[list].length ? tenant[list].join('\n') : `(no ${LABEL[list].slice(0, -1)} for "${tenant.id}")`}`, {
    tenant: tenant.id,
    [list]: tenant[list],
  });

/**
 * The sites allowed to embed a tenant's widgets (their `Origin` is echoed by the API's CORS), and with `--staff`
 * the tenant's staff console origins (staff power is used only from these and the API's own origin).
 */
export const origins: CommandGroup = {
  name: 'origins',
  usage: ['origins add <tenant> <origin> [--staff]', 'origins remove <tenant> <origin> [--staff]', 'origins list <tenant> [--staff]'],
  options: { staff: 'flag' },
  async run([action, ...args], context) {
    const list: OriginList = context.options.staff ? 'staffOrigins' : 'allowedOrigins';
    switch (action) {
      case 'add': {
        const [tenant, origin] = positional(args, ['tenant', 'origin']);
        const saved = await context.tenants.addOrigin(tenant, origin, list, 'operator');
        return show(context, saved, list, `${LABEL[list]} of "${tenant}":\n`);
      }
      case 'remove': {
        const [tenant, origin] = positional(args, ['tenant', 'origin']);
        const saved = await context.tenants.removeOrigin(tenant, origin, list, 'operator');
        return show(context, saved, list, `${LABEL[list]} of "${tenant}":\n`);
      }
      case 'list': {
        const [tenant] = positional(args, ['tenant']);
        return show(context, await context.tenants.get(tenant), list, '');
      }
      default:
        throw new UsageError(action ? `unknown origins command "${action}"` : 'origins needs add, remove or list');
    }
  },
};
