import type { Consultation } from '../core/api-types.ts';

const DAY = 86_400_000;
/** An instant `days` from the fixtures' fixed today (1 March 2027, 17:00 UTC). */
export const at = (days: number) => new Date(Date.UTC(2027, 2, 1, 17) + days * DAY).toISOString();

/**
 * A consultation of any kind, as `getConsultation` returns it, open from a week ago to in a month (dates fixed, so
 * text is stable): the base of each widget's fixtures.
 */
export function consultation<S>(
  kind: Consultation['kind'],
  slug: string,
  title: string,
  settings: S,
  overrides: Partial<Consultation<S>> = {},
): Consultation<S> {
  return {
    slug,
    kind,
    title,
    description: '',
    status: 'open',
    opensAt: at(-7),
    closesAt: at(30),
    retentionEnd: at(400),
    privacyNotice: {
      purposes: ['Compter les votes', 'Éviter les votes multiples'],
      recipients: ['Ville de Montjoli (service Démocratie locale)'],
      retention: 'Jusqu’à la fin de conservation, puis supprimées ; adresses IP anonymisées au bout de 3 mois',
    },
    allowAnonymous: true,
    requireVerifiedEmail: false,
    settings,
    ...overrides,
  };
}
