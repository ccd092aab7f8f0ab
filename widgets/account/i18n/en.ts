import { en as core } from '../../core/i18n/en.ts';
import type { AccountTranslation } from './fr.ts';

/** `civ-account` in English (signed-out forms and frame); a separate chunk, loaded only on English pages. */
export const en: AccountTranslation = {
  ...core,
  common: { ...core.common, cancel: 'Cancel', back: 'Back', show: 'Show' },
  errors: {
    ...core.errors,
    invalid_credentials: 'Incorrect email address or password.',
    wrong_password: 'Incorrect password.',
    weak_password: 'This password is too easy to guess. Choose a longer or less common one, such as a short sentence.',
    email_taken: 'An account already uses this email address. Sign in, or use “Forgot your password?”.',
    invalid_code: 'This link has expired or has already been used.',
  },
  account: {
    allRequired: 'All fields are required.',
    email: 'Email address',
    emailHint: 'For example: camille@example.com',
    emailPurpose: 'To find your contributions again, be told when the local authority answers you, and hear about consultations.',
    password: 'Password',
    passwordRule: 'At least 12 characters. A short sentence is easy to remember and hard to guess.',
    currentPassword: 'Current password',
    newPassword: 'New password',
    remember: 'Stay signed in on this device',
    rememberHint: 'For 30 days. Do not tick on a shared computer.',
    signIn: {
      title: 'Sign in',
      intro: 'Sign in to find your contributions again and be told when the local authority answers.',
      submit: 'Sign in',
      forgot: 'Forgot your password?',
      noAccount: 'No account yet?',
      toSignUp: 'Create an account',
    },
    signUp: {
      title: 'Create an account',
      intro:
        'An account lets you find your contributions again and be told when the local authority answers you. You can also take part without an account when the consultation allows it.',
      submit: 'Create my account',
      haveAccount: 'Already have an account?',
      toSignIn: 'Sign in',
      // The same words whether or not the address already had an account: the page must not tell which.
      done: (email: string) =>
        `If the address ${email} can be used, a confirmation email has just been sent to it. Open the link it contains, then sign in with your password.`,
    },
    verified: 'Your email address is confirmed. Thank you!',
    verifyFailed: 'This confirmation link has expired or has already been used.',
    emailChangeCancelled: 'The email address change is cancelled: your account keeps its address. If you did not ask for it, change your password.',
    emailChangeCancelFailed: 'This cancellation link has expired or has already been used.',
    signedIn: 'You are signed in.',
    signOut: 'Sign out',
    signedOut: 'You are signed out. Your information has been erased from this device.',
    expired: 'Your session has expired. Sign in again to continue.',
    deleted: 'Your account is deleted: your personal data is erased, your contributions remain, anonymous.',
    restoreFailed: 'Your session cannot be checked at the moment.',
    invalid: {
      email: 'Enter a valid email address, for example: camille@example.com',
      passwordMissing: 'Enter your password.',
      passwordShort: (missing: number) =>
        missing === 1 ? 'The password needs at least 12 characters: 1 is missing.' : `The password needs at least 12 characters: ${missing} are missing.`,
      passwordTooShort: 'The password needs at least 12 characters.',
      passwordCommon: 'This password is too common. Choose a less predictable one, such as a short sentence.',
      passwordHasEmail: 'The password must not contain your email address.',
      tooLong: 'This text is too long.',
      other: 'This value is not accepted.',
    },
  },
};
