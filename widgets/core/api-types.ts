/**
 * The API's data as the widgets receive it, inferred from the server's zod schemas (the API contract) so the
 * two cannot drift apart. Type-only imports: nothing of the server reaches a bundle.
 */
import type { z } from '@hono/zod-openapi';
import type { MeSchema, ProfileSchema, SessionSchema, UpdateMeBody } from '../../server/accounts/accounts.schemas.ts';
import type { TenantSchema } from '../../server/tenants/tenants.routes.ts';
import type { ConsultationSchema } from '../../server/consultations/consultations.schemas.ts';

export type Me = z.infer<typeof MeSchema>;
export type Profile = z.infer<typeof ProfileSchema>;
export type IssuedSession = z.infer<typeof SessionSchema>;
export type UpdateMe = z.input<typeof UpdateMeBody>;
export type Tenant = z.infer<typeof TenantSchema>;
/** A consultation as `getConsultation` returns it, `S` being its kind's settings (a vote's options, a survey's questions…). */
export type Consultation<S = Record<string, unknown>> = Omit<z.infer<typeof ConsultationSchema>, 'settings'> & { settings: S };

/** One entry of `GET me/participations` (the server builds it from each feature's personal-data entry). */
export interface Participation {
  kind: string;
  id: string;
  consultationId: string;
  /** The consultation it belongs to; null if it was deleted since. */
  consultation: { tenant: string; slug: string; title: string; kind: string } | null;
  at: string;
  status?: string;
}

/** `GET me/export`: everything held about the citizen, one section per feature. */
export interface DataExport {
  format: 'civique-export/1';
  exportedAt: string;
  [section: string]: unknown;
}
