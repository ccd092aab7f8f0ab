import { html } from 'lit';
import type { ConsentStrings } from './consent-banner.strings.ts';
import { proofUrl, type ProofTarget } from './consent-proof.ts';

/**
 * The consent id and the visitor's rights over its proof, in the second layer. A part of its own, loaded when
 * the second layer opens, so that consent.js stays within its budget for the first layer every visitor sees.
 *
 * @example
 * renderProof({ target, consentId, strings: fr, notice: '', onErased: (notice) => (banner._notice = notice) });
 */
export function renderProof(view: { target: ProofTarget; consentId: string; strings: ConsentStrings; notice: string; onErased: (notice: string) => void }) {
  const { target, consentId, strings: s } = view;
  const erase = async () => {
    // The content type is there for the API's JSON-only guard, which takes a bodiless DELETE over HTTP for one with a body.
    const init = { method: 'DELETE', headers: { 'content-type': 'application/json' } };
    const response = await fetch(proofUrl(target, consentId), init).catch(() => undefined);
    view.onErased(response?.ok || response?.status == 404 ? s.proofErased : s.proofFailed);
  };
  return html`
    <p part="proof">
      ${s.proof} <code>${consentId}</code> <a href=${proofUrl(target, consentId)}>${s.viewProof}</a>
      <button class="alt" @click=${erase}>${s.eraseProof}</button>
    </p>
    <p role="status">${view.notice}</p>
  `;
}
