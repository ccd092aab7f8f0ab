import type { Partner } from '../tenants/partners.store.ts';
import { positional, UsageError, type CliContext, type CommandGroup } from './command.ts';

/** The operator sees the address (it is theirs to keep); the API never does. */
const line = (p: Partner) => [p.id, p.name, p.email, p.logoUrl ?? '-', p.helpsWith.fr].join('\t');

/** The fields the options name, as the service's input (`--logo none` removes the logo). */
function fields(options: CliContext['options']): Record<string, unknown> {
  const value = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  const helpsWith = value('helps-fr') === undefined && value('helps-en') === undefined ? undefined : { fr: value('helps-fr'), en: value('helps-en') };
  const logo = value('logo');
  return Object.fromEntries(
    Object.entries({ name: value('name'), email: value('email'), logoUrl: logo === 'none' ? null : logo, helpsWith }).filter(([, v]) => v !== undefined),
  );
}

/**
 * The organisations a tenant lists on its resource boards (chambers of commerce, of trades…): businesses ask
 * them for help through the board, which relays the message to the address given here.
 */
export const partners: CommandGroup = {
  name: 'partners',
  usage: [
    'partners add <tenant> --name <name> --email <address> --helps-fr <text> [--helps-en <text>] [--logo <https url>]',
    'partners update <tenant> <id> [--name …] [--email …] [--helps-fr … [--helps-en …]] [--logo <https url>|none]',
    'partners remove <tenant> <id>',
    'partners list <tenant>',
  ],
  options: { name: 'value', email: 'value', 'helps-fr': 'value', 'helps-en': 'value', logo: 'value' },
  async run([action, ...args], context) {
    switch (action) {
      case 'add': {
        const [tenant] = positional(args, ['tenant']);
        await context.tenants.get(tenant);
        const partner = await context.partners.add(tenant, fields(context.options), 'operator');
        return context.print(`added ${line(partner)}`, partner);
      }
      case 'update': {
        const [tenant, id] = positional(args, ['tenant', 'id']);
        await context.tenants.get(tenant);
        const partner = await context.partners.update(tenant, id, fields(context.options), 'operator');
        return context.print(`updated ${line(partner)}`, partner);
      }
      case 'remove': {
        const [tenant, id] = positional(args, ['tenant', 'id']);
        await context.tenants.get(tenant);
        await context.partners.remove(tenant, id, 'operator');
        return context.print(`removed ${id}`, { tenant, removed: id });
      }
      case 'list': {
        const [tenant] = positional(args, ['tenant']);
        await context.tenants.get(tenant);
        const list = await context.partners.list(tenant);
        return context.print(list.length ? list.map(line).join('\n') : `(no partner for "${tenant}")`, list);
      }
      default:
        throw new UsageError(action ? `unknown partners command "${action}"` : 'partners needs add, update, remove or list');
    }
  },
};
