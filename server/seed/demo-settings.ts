import type { ConsultationKind } from '../consultations/consultations.store.ts';

/** Kind-specific settings of the demo consultations; each feature fills in its own kind. */
export const demoSettings: Record<ConsultationKind, Record<string, unknown>> = {
  vote: {},
  budget: {},
  survey: {},
  proposals: {},
  resources: {},
};
