/**
 * `console.js`: the staff console alone, for `/console` and for an intranet page listed as a staff origin. A
 * separate entry, so no citizen page downloads anything of it (nor a hash of it).
 *
 * @example
 * <civ-staff-console></civ-staff-console>
 * <script type="module" src="https://participer.example.fr/widgets/v1/console.js" data-tenant="montjoli"></script>
 */
const scriptUrl = import.meta.url;
import('./console/console.ts').then(
  (m) => m.startConsole(scriptUrl),
  (error) => console.error('[civique] la console n’a pas pu être chargée. — Could not load the staff console:', error),
);
