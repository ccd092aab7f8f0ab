import type { RecoveryTranslation } from './fr.ts';

/** "Forgot your password" and the reset form, in English; loaded only on English pages. */
export const en: RecoveryTranslation = {
  forgot: {
    title: 'Forgot your password',
    intro: 'Enter your account’s email address: you will receive a link, valid for 30 minutes, to choose a new password.',
    submit: 'Send me the link',
    done: (email: string) => `If an account exists for ${email}, an email has just been sent to it. Check your spam folder too.`,
  },
  reset: {
    title: 'Choose a new password',
    submit: 'Save the password',
    done: 'Your password is changed. Sign in with the new one.',
    newLink: 'Get a new link',
  },
};
