import type { CoreTranslation } from './fr.ts';

/** The shared strings in English; loaded only on English pages (a widget's `en` module imports it). */
const seconds = (n: number) => (n === 1 ? '1 second' : `${n} seconds`);
const minutes = (n: number) => (n === 1 ? '1 minute' : `${n} minutes`);
const wait = (totalSeconds: number) => (totalSeconds < 60 ? seconds(Math.ceil(totalSeconds)) : minutes(Math.ceil(totalSeconds / 60)));

export const en: CoreTranslation = {
  lang: 'en',
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    errorPrefix: 'Error: ',
    honeypot: 'Leave this field empty.',
  },
  embed: {
    missing_tenant: 'This participation service is not available on this page yet. If this persists, please tell your town hall.',
    tenant_not_found: 'This participation service is not available on this page yet. If this persists, please tell your town hall.',
    origin_not_allowed: 'This participation service is not yet allowed on this website. If this persists, please tell your town hall.',
    network_error: 'The participation service is not responding. Check your Internet connection, then try again.',
    unavailable: 'The participation service is temporarily unavailable. Please try again in a few moments.',
  },
  errors: {
    network_error: 'The server could not be reached. Check your Internet connection, then try again.',
    rate_limited: (waitSeconds: number) => `Too many attempts. Try again in ${wait(waitSeconds)}.`,
    validation_failed: 'Some information was not accepted. Please correct the highlighted fields.',
    unauthenticated: 'Your session has expired. Sign in again to continue.',
    origin_not_allowed: 'This service is not allowed on this website.',
    tenant_not_found: 'This local authority is unknown to the participation service.',
    forbidden: 'You are not allowed to do this.',
    account_required: 'Sign in to take part.',
    verified_email_required: 'First confirm your email address with the link we emailed you.',
    not_found: 'This item cannot be found.',
    consultation_not_found: 'This consultation cannot be found.',
    consultation_not_open: 'This consultation is not open yet.',
    consultation_closed: 'This consultation is closed.',
    payload_too_large: 'What you sent is too large: choose a lighter picture.',
    unsupported_media_type: 'The service did not understand the request. Reload the page, then try again.',
    conflict: 'This information changed in the meantime. Reload the page, then try again.',
    internal_error: 'Something went wrong on our side. Please try again in a few moments.',
    unknown: 'An unexpected error occurred. Please try again in a few moments.',
  },
  form: {
    invalidCount: (count: number) => (count === 1 ? 'One field needs correcting.' : `${count} fields need correcting.`),
    draftKept: 'What you entered is kept on this device: you can try again whenever you are ready.',
    draftPending: 'Your last submission did not go through. What you entered has been kept on this device.',
    retrySubmit: 'Send again',
    sending: 'Sending…',
    forbiddenCharacter: 'This text holds an invisible or text-direction character (often from copy and paste). Type it again by hand.',
  },
};
