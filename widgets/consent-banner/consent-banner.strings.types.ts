/** The banner's texts, one field per sentence; French in `consent-banner.strings.ts`, English in `.en.ts`. */
export interface ConsentStrings {
  title: string;
  /** Followed by the titles of the purposes that need consent. */
  intro: string;
  change: string;
  /** Followed by the names of the cookies of exempt purposes, which are set before any choice. */
  exemptCookies: string;
  acceptAll: string;
  refuseAll: string;
  customise: string;
  save: string;
  close: string;
  accept: string;
  refuse: string;
  services: string;
  exempt: string;
  object: string;
  reopen: string;
  reopenLabel: string;
  privacy: string;
  proof: string;
  viewProof: string;
  eraseProof: string;
  proofErased: string;
  proofFailed: string;
}
