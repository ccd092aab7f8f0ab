import type { ConsentStrings } from './consent-banner.strings.types.ts';

/** The banner in English, loaded only by pages whose language is English. */
export const en: ConsentStrings = {
  title: 'Your cookie choices',
  intro: 'With your consent, this site and its partners use cookies for:',
  change: 'Without your consent, none is set; you may change your mind at any time.',
  exemptCookies: 'Exempt from consent, set at once:',
  acceptAll: 'Accept all',
  refuseAll: 'Refuse all',
  customise: 'Customise',
  save: 'Save my choices',
  close: 'Continue without accepting',
  accept: 'Accept',
  refuse: 'Refuse',
  services: 'Services:',
  exempt: 'Anonymous measurement exempt from consent: cookies kept 13 months at most, data 25 months at most.',
  object: 'I object to this measurement',
  reopen: 'Cookies',
  reopenLabel: 'Manage my cookies',
  privacy: 'Privacy policy',
  proof: 'Id of your choice:',
  viewProof: 'Download the proof',
  eraseProof: 'Erase the proof',
  proofErased: 'Proof erased.',
  proofFailed: 'Could not erase it, please try again later.',
};
