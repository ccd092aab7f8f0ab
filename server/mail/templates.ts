import { randomUUID } from 'node:crypto';
import type { Locale } from '../accounts/accounts.store.ts';
import type { OutboxMail } from './outbox.store.ts';

interface MailText {
  subject: string;
  body: string;
}

/** Plain-text mails, French first, English when the citizen chose English. */
export const mailTemplates = {
  verifyEmail: (locale: Locale, v: { tenantName: string; link: string }): MailText =>
    locale === 'en'
      ? {
          subject: `Confirm your email address — ${v.tenantName}`,
          body: `Hello,\n\nTo confirm the email address of your account on ${v.tenantName}'s participation pages, open this link within 30 minutes:\n\n${v.link}\n\nIf you did not create an account, ignore this message: nothing will happen.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Confirmez votre adresse e-mail — ${v.tenantName}`,
          body: `Bonjour,\n\nPour confirmer l’adresse e-mail de votre compte sur les pages de participation de ${v.tenantName}, ouvrez ce lien dans les 30 minutes :\n\n${v.link}\n\nSi vous n’avez pas créé de compte, ignorez ce message : il ne se passera rien.\n\n— ${v.tenantName}, via Civique`,
        },
  resetPassword: (locale: Locale, v: { tenantName: string; link: string }): MailText =>
    locale === 'en'
      ? {
          subject: `Choose a new password — ${v.tenantName}`,
          body: `Hello,\n\nSomeone (probably you) asked to reset the password of your account. To choose a new one, open this link within 30 minutes:\n\n${v.link}\n\nIf you did not ask for it, ignore this message: your password has not changed.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Choisissez un nouveau mot de passe — ${v.tenantName}`,
          body: `Bonjour,\n\nQuelqu’un (sans doute vous) a demandé à réinitialiser le mot de passe de votre compte. Pour en choisir un nouveau, ouvrez ce lien dans les 30 minutes :\n\n${v.link}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe n’a pas changé.\n\n— ${v.tenantName}, via Civique`,
        },
};

/**
 * An outbox row with a fresh, stable Message-ID.
 *
 * @example
 * const mail = outboxMail({ to, accountId, createdAt: now, ...mailTemplates.verifyEmail('fr', { tenantName, link }) });
 */
export function outboxMail(m: { to: string; accountId: string | null; createdAt: number } & MailText): OutboxMail {
  return {
    messageId: `<${randomUUID()}@civique>`,
    accountId: m.accountId,
    to: m.to,
    subject: m.subject,
    body: m.body,
    createdAt: m.createdAt,
  };
}

/**
 * A mail's text with the single-use codes of its links (`#civique-verify=…`, `#civique-reset=…`, any
 * `#civique-…=`) blanked, for copies that leave the outbox (the citizen's export): a copy must never carry a
 * secret that still works.
 *
 * @example
 * redactCodes('… https://ville.fr/compte#civique-reset=Zx81… …'); // '… https://ville.fr/compte#civique-reset=[code retiré] …'
 */
export function redactCodes(text: string): string {
  return text.replace(/(#civique-[a-z-]+=)[A-Za-z0-9_-]+/g, '$1[code retiré]');
}
