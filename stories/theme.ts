/**
 * The `<style>` element the preview's decorator keeps the host page's theme in. The stories smoke test puts the
 * DSFR stylesheet into it to judge a story in that theme without loading it again.
 */
export const THEME_STYLE_ID = 'civique-theme';
