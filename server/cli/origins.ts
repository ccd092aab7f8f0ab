import type { Tenant } from '../tenants/tenants.store.ts';
import { positional, UsageError, type CliContext, type CommandGroup } from './command.ts';

const show = (context: CliContext, tenant: Tenant, done: string) =>
  context.print(`${done}${tenant.allowedOrigins.length ? tenant.allowedOrigins.join('\n') : `(no allowed origin for "${tenant.id}")`}`, {
    tenant: tenant.id,
    allowedOrigins: tenant.allowedOrigins,
  });

/** The sites allowed to embed a tenant's widgets (their `Origin` is echoed by the API's CORS). */
export const origins: CommandGroup = {
  name: 'origins',
  usage: ['origins add <tenant> <origin>', 'origins remove <tenant> <origin>', 'origins list <tenant>'],
  async run([action, ...args], context) {
    switch (action) {
      case 'add': {
        const [tenant, origin] = positional(args, ['tenant', 'origin']);
        return show(context, await context.tenants.addOrigin(tenant, origin), `allowed origins of "${tenant}":\n`);
      }
      case 'remove': {
        const [tenant, origin] = positional(args, ['tenant', 'origin']);
        return show(context, await context.tenants.removeOrigin(tenant, origin), `allowed origins of "${tenant}":\n`);
      }
      case 'list': {
        const [tenant] = positional(args, ['tenant']);
        return show(context, await context.tenants.get(tenant), '');
      }
      default:
        throw new UsageError(action ? `unknown origins command "${action}"` : 'origins needs add, remove or list');
    }
  },
};
