import { readFileSync } from 'node:fs';
import { CreateConsultationBody } from '../consultation-settings.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { positional, RefusedError, UsageError, type CommandGroup } from './command.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** A consultation as `createConsultation` takes it: what `import` reads back, on this server or another. */
const exported = (c: Consultation) => ({
  slug: c.slug,
  kind: c.kind,
  title: c.title,
  description: c.description,
  opensAt: iso(c.opensAt),
  closesAt: iso(c.closesAt),
  retentionEnd: iso(c.retentionEnd),
  privacyNotice: c.privacyNotice,
  allowAnonymous: c.allowAnonymous,
  stuffingPolicy: c.stuffingPolicy,
  settings: c.settings,
});

/** A consultation's configuration out to a JSON file and back, validated by the API's own schema. */
export const consultation: CommandGroup = {
  name: 'consultation',
  usage: ['consultation export <tenant> <slug>', 'consultation import <tenant> <file.json>'],
  async run([action, ...args], context) {
    switch (action) {
      case 'export': {
        const [tenantId, slug] = positional(args, ['tenant', 'slug']);
        const tenant = await context.tenants.get(tenantId);
        const found = await context.store.consultations.getBySlug(tenant.id, slug);
        if (!found) throw new RefusedError(`no consultation "${slug}" in "${tenant.id}"`);
        await context.audit({ tenantId: tenant.id, action: 'consultation export', target: `consultation:${slug}` });
        // JSON either way: the output is the file to import.
        return context.print(JSON.stringify(exported(found), null, 2), exported(found));
      }
      case 'import': {
        const [tenantId, file] = positional(args, ['tenant', 'file.json']);
        const tenant = await context.tenants.get(tenantId);
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new RefusedError(`${file}: ${(error as Error).message.split('\n')[0]}`);
        }
        const parsed = CreateConsultationBody.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new RefusedError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
        }
        const body = parsed.data;
        const created = await context.consultations.create(
          tenant,
          {
            ...body,
            opensAt: Date.parse(body.opensAt),
            closesAt: Date.parse(body.closesAt),
            retentionEnd: body.retentionEnd === undefined ? undefined : Date.parse(body.retentionEnd),
          },
          'operator',
        );
        return context.print(`imported "${created.slug}" into "${tenant.id}"`, { tenant: tenant.id, slug: created.slug, id: created.id });
      }
      default:
        throw new UsageError(action ? `unknown consultation command "${action}"` : 'consultation needs export or import');
    }
  },
};
