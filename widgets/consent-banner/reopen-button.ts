import { css, html } from 'lit';
import type { ConsentStrings } from './consent-banner.strings.ts';

/**
 * The small floating "Cookies" button, a part of its own that only pages asking for it (`reopen-button`) load.
 * Fixed in the bottom-left corner, over the page: {@link keepClear} keeps it off the focused element.
 */
export const reopenStyles = css`
  .reopen {
    position: fixed;
    z-index: 2147483000;
    bottom: var(--_space);
    left: var(--_space);
    min-height: 2.25rem;
    padding: 0 var(--_space);
    font-size: 0.875em;
  }
`;

export const renderReopen = (s: ConsentStrings, show: () => void) =>
  html`<button class="reopen alt" part="reopen" aria-label=${s.reopenLabel} @click=${show}>${s.reopen}</button>`;

/**
 * Keeps a floating button, fixed in a bottom-left corner, off the focused element (WCAG 2.2 "Focus Not
 * Obscured"): in its corner when that covers nothing focused, else in the bottom-right corner, else out of sight
 * until focus moves on. Checked on every focus move, scroll and resize. Loaded only by pages that ask for the
 * button. Inline styles set through the CSSOM are allowed by a strict CSP (only markup `style=` is not).
 *
 * @example
 * const stop = keepClear(() => banner.shadowRoot!.querySelector('.reopen'));
 */
export function keepClear(button: () => HTMLElement | null | undefined): () => void {
  // Layout can move the focused element without a focus or scroll event (content loading above it, the
  // browser's own scroll into view): an observer of the band the button sits in sees it enter or leave.
  let band: IntersectionObserver | undefined;
  const focusedElement = () => {
    let focused = document.activeElement;
    while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
    return focused == document.body ? null : focused;
  };
  const place = () => {
    const floating = button();
    const focused = focusedElement();
    if (!floating) return;
    const style = floating.style;
    style.left = style.right = style.visibility = '';
    if (!focused || focused == floating) return;
    const target = focused.getBoundingClientRect();
    const { left, width, top } = floating.getBoundingClientRect();
    // Anything in the band below the button's top counts as under it, so that moves within the band (which
    // the observer does not report) cannot bring it under.
    const covers = (x: number) => x < target.right && x + width > target.left && top < target.bottom && innerHeight > target.top;
    if (!covers(left)) return;
    const right = document.documentElement.clientWidth - left - width;
    if (covers(right)) style.visibility = 'hidden';
    else [style.left, style.right] = ['auto', `${left}px`];
  };
  const watch = () => {
    band?.disconnect();
    const floating = button();
    const focused = focusedElement();
    if (floating && focused) {
      band = new IntersectionObserver(place, { rootMargin: `${-Math.floor(floating.getBoundingClientRect().top)}px 0px 0px 0px` });
      band.observe(focused);
    }
    place();
  };
  document.addEventListener('focusin', watch);
  // Keyboard moves within one widget's shadow root do not all reach the document as focusin.
  document.addEventListener('keyup', watch);
  addEventListener('scroll', place, { passive: true });
  addEventListener('resize', watch);
  watch();
  return () => {
    band?.disconnect();
    document.removeEventListener('focusin', watch);
    document.removeEventListener('keyup', watch);
    removeEventListener('scroll', place);
    removeEventListener('resize', watch);
  };
}
