import { positional, UsageError, type CommandGroup } from './command.ts';

/** The collectivités this server hosts. */
export const tenant: CommandGroup = {
  name: 'tenant',
  usage: ['tenant list'],
  async run([action, ...args], context) {
    if (action !== 'list') throw new UsageError(action ? `unknown tenant command "${action}"` : 'tenant needs list');
    positional(args, []);
    const tenants = await context.tenants.list();
    context.print(
      tenants.length ? tenants.map((t) => `${t.id}\t${t.name}\t${t.allowedOrigins.join(' ')}`).join('\n') : '(no tenant)',
      tenants.map((t) => ({ id: t.id, name: t.name, allowedOrigins: t.allowedOrigins })),
    );
  },
};
