import { Hono } from 'hono';
import { TENANT_ID } from '../http/openapi.ts';

/** What the page may load: its own scripts and styles (the widgets, on this origin) and calls to this API. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The page's icon, inline (the CSP's `img-src data:`): without one, the browser asks `/favicon.ico` and logs a 404
 * in the console of every agent who opens the page.
 */
const ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#000091"/><path d="M11 5.5a4 4 0 1 0 0 5" fill="none" stroke="#fff" stroke-width="2"/></svg>',
)}`;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="${ICON}">
<title>${title}</title>
</head>
<body>
${body}
</body>
</html>
`;

/**
 * The staff console at `/console`, on the API's own origin (a staff origin of every tenant): a page holding
 * `<civ-staff-console>` and the `console.js` entry of the current widget release, for the collectivité named by
 * `?tenant=`. Without it, a form asks for the identifier, so the page needs no script of its own. Its
 * Content-Security-Policy allows nothing from elsewhere and no inline code, and it is never framed.
 */
export function consolePage(widgetsAlias: string) {
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': CONSOLE_CSP,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  return new Hono().get('/', (c) => {
    const tenant = c.req.query('tenant')?.trim().toLowerCase();
    if (tenant === undefined || tenant === '') {
      return c.body(
        page(
          'Console des agents — Civique',
          `<main>
<h1>Console des agents <span lang="en">(staff console)</span></h1>
<form method="get" action="/console">
<label for="tenant">Identifiant de la collectivité <span lang="en">(tenant id)</span></label>
<input id="tenant" name="tenant" required pattern="[a-z0-9][a-z0-9\\-]{1,62}" autocomplete="organization">
<button type="submit">Ouvrir la console</button>
</form>
</main>`,
        ),
        200,
        headers,
      );
    }
    if (!TENANT_ID.test(tenant)) {
      return c.body(
        page(
          'Collectivité inconnue — Civique',
          `<main><h1>Identifiant de collectivité invalide</h1><p>Un identifiant compte 2 à 63 lettres minuscules, chiffres et tirets. <span lang="en">A tenant id is 2 to 63 lowercase letters, digits and hyphens.</span></p><p><a href="/console">Retour</a></p></main>`,
        ),
        400,
        headers,
      );
    }
    return c.body(
      page(
        'Console des agents — Civique',
        `<civ-staff-console></civ-staff-console>
<script type="module" src="/widgets/${escape(widgetsAlias)}/console.js" data-tenant="${escape(tenant)}"></script>`,
      ),
      200,
      headers,
    );
  });
}
