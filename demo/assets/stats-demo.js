// A stand-in for a self-hosted, CNIL-exempt audience measurement (Matomo configured for the exemption): it
// may run without consent, its cookie lives at most 13 months, and the visitor can object in the banner.
document.cookie = `_demo_stats=${Math.random().toString(36).slice(2)}; max-age=${60 * 60 * 24 * 390}; path=/; SameSite=Lax`;
console.info('[Montjoli] statistiques anonymes (démo) :', location.pathname);
