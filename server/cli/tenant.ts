import { TENANT_ID } from '../http/openapi.ts';
import type { Tenant } from '../tenants/tenants.store.ts';
import { positional, RefusedError, UsageError, type CommandGroup } from './command.ts';

const present = (t: Tenant) => ({ id: t.id, name: t.name, allowedOrigins: t.allowedOrigins, staffOrigins: t.staffOrigins, quartiers: t.quartiers });

/** The collectivités this server hosts. */
export const tenant: CommandGroup = {
  name: 'tenant',
  usage: ['tenant create <id> <name>', 'tenant list', 'tenant show <id>'],
  async run([action, ...args], context) {
    switch (action) {
      case 'create': {
        const [id, name] = positional(args, ['id', 'name']);
        if (!TENANT_ID.test(id)) throw new RefusedError(`"${id}" is not a tenant id: 2 to 63 lowercase letters, digits and hyphens`);
        if (!name.trim() || name.length > 200) throw new RefusedError('the name must have 1 to 200 characters');
        if (await context.store.tenants.get(id)) throw new RefusedError(`tenant "${id}" already exists (see \`tenant show ${id}\`)`);
        const created: Tenant = { id, name: name.trim(), allowedOrigins: [], staffOrigins: [], quartiers: [], createdAt: context.clock.now() };
        await context.store.tenants.upsert(created);
        await context.audit({ tenantId: id, action: 'tenant create', target: `tenant:${id}`, after: present(created) });
        return context.print(`created "${id}" (${created.name}); next: origins add ${id} <site origin>`, present(created));
      }
      case 'list': {
        positional(args, []);
        const tenants = await context.tenants.list();
        return context.print(
          tenants.length ? tenants.map((t) => `${t.id}\t${t.name}\t${t.allowedOrigins.join(' ')}`).join('\n') : '(no tenant)',
          tenants.map((t) => ({ id: t.id, name: t.name, allowedOrigins: t.allowedOrigins })),
        );
      }
      case 'show': {
        const [id] = positional(args, ['id']);
        const found = present(await context.tenants.get(id));
        return context.print(
          [
            `${found.id}\t${found.name}`,
            `allowed origins: ${found.allowedOrigins.join(' ') || '(none)'}`,
            `staff origins: ${found.staffOrigins.join(' ') || '(none)'}`,
            `quartiers: ${found.quartiers.join(', ') || '(none)'}`,
          ].join('\n'),
          found,
        );
      }
      default:
        throw new UsageError(action ? `unknown tenant command "${action}"` : 'tenant needs create, list or show');
    }
  },
};
