// A stand-in for a third-party audience tag (the kind the policies mention: Google, Facebook). It runs only
// after the visitor accepted "Mesure d'audience" in the cookie banner, and sets the cookie it would set.
document.cookie = `_demo_audience=${Math.random().toString(36).slice(2)}; max-age=${60 * 60 * 24 * 390}; path=/; SameSite=Lax`;
console.info('[Montjoli] mesure d’audience (démo) : page vue', location.pathname);
