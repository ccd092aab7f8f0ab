import { randomUUID } from 'node:crypto';
/** The languages Civique writes in; an account's chosen one. */
export type Locale = 'fr' | 'en';
import type { OutboxMail } from './outbox.store.ts';

export interface MailText {
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
  /** An operator invited this address to a tenant's staff: the link sets the account's password. */
  staffInvite: (locale: Locale, v: { tenantName: string; link: string; roles: string }): MailText =>
    locale === 'en'
      ? {
          subject: `You are invited to ${v.tenantName}'s staff`,
          body: `Hello,\n\nYou have been invited to ${v.tenantName}'s staff on Civique (roles: ${v.roles}). To choose your password, open this link within 7 days:\n\n${v.link}\n\nThen sign in from the staff console. If you did not expect this message, ignore it.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Invitation à rejoindre le personnel de ${v.tenantName}`,
          body: `Bonjour,\n\nVous êtes invité·e à rejoindre le personnel de ${v.tenantName} sur Civique (rôles : ${v.roles}). Pour choisir votre mot de passe, ouvrez ce lien dans les 7 jours :\n\n${v.link}\n\nConnectez-vous ensuite depuis la console du personnel. Si vous n’attendiez pas ce message, ignorez-le.\n\n— ${v.tenantName}, via Civique`,
        },
  /** To the new address of an email change: the change takes effect only once this link is opened. */
  confirmEmailChange: (locale: Locale, v: { tenantName: string; link: string }): MailText =>
    locale === 'en'
      ? {
          subject: `Confirm your new email address — ${v.tenantName}`,
          body: `Hello,\n\nSomeone (probably you) asked to use this address for an account on ${v.tenantName}'s participation pages. To confirm it, open this link within 30 minutes:\n\n${v.link}\n\nUntil then the account keeps its former address. If you did not ask for it, ignore this message: nothing will change.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Confirmez votre nouvelle adresse e-mail — ${v.tenantName}`,
          body: `Bonjour,\n\nQuelqu’un (sans doute vous) a demandé à utiliser cette adresse pour un compte sur les pages de participation de ${v.tenantName}. Pour la confirmer, ouvrez ce lien dans les 30 minutes :\n\n${v.link}\n\nD’ici là, le compte garde son ancienne adresse. Si vous n’avez rien demandé, ignorez ce message : rien ne changera.\n\n— ${v.tenantName}, via Civique`,
        },
  /** To the current address of an email change: the owner learns of it and can stop it. */
  emailChangeRequested: (locale: Locale, v: { tenantName: string; newEmail: string; link: string }): MailText =>
    locale === 'en'
      ? {
          subject: `A change of your email address was requested — ${v.tenantName}`,
          body: `Hello,\n\nSomeone signed in to your account asked to replace this address with ${v.newEmail}. The change takes effect only once that address confirms it.\n\nIf it was not you, cancel it with this link (valid 30 minutes), then change your password:\n\n${v.link}\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Demande de changement de votre adresse e-mail — ${v.tenantName}`,
          body: `Bonjour,\n\nQuelqu’un de connecté à votre compte a demandé à remplacer cette adresse par ${v.newEmail}. Le changement ne prendra effet qu’une fois cette adresse confirmée.\n\nSi ce n’était pas vous, annulez-le avec ce lien (valable 30 minutes), puis changez votre mot de passe :\n\n${v.link}\n\n— ${v.tenantName}, via Civique`,
        },
  /** To an address that already has an account, instead of telling the one who typed it. */
  accountExists: (locale: Locale, v: { tenantName: string; link: string }): MailText =>
    locale === 'en'
      ? {
          subject: `Someone tried to create an account with your address — ${v.tenantName}`,
          body: `Hello,\n\nSomeone (perhaps you) tried to create an account, or to move an account, to this address on ${v.tenantName}'s participation pages. You already have an account with it, so nothing was created.\n\nTo sign in, or to choose a new password with “Forgot your password?”, go to:\n\n${v.link}\n\nIf it was not you, ignore this message: your account has not changed.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Quelqu’un a tenté de créer un compte avec votre adresse — ${v.tenantName}`,
          body: `Bonjour,\n\nQuelqu’un (peut-être vous) a tenté de créer un compte, ou d’y rattacher cette adresse, sur les pages de participation de ${v.tenantName}. Vous avez déjà un compte avec cette adresse : rien n’a été créé.\n\nPour vous connecter, ou choisir un nouveau mot de passe avec « Mot de passe oublié », rendez-vous sur :\n\n${v.link}\n\nSi ce n’était pas vous, ignorez ce message : votre compte n’a pas changé.\n\n— ${v.tenantName}, via Civique`,
        },
  /** A reset asked for an address without an account: mailed like a real reset, so the work is the same. */
  noAccount: (locale: Locale, v: { tenantName: string; link: string }): MailText =>
    locale === 'en'
      ? {
          subject: `Password reset requested — ${v.tenantName}`,
          body: `Hello,\n\nSomeone (perhaps you) asked to reset the password of an account with this address on ${v.tenantName}'s participation pages, but no account uses it. You may have signed up with another address. To create an account, go to:\n\n${v.link}\n\nIf you did not ask for it, ignore this message.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Demande de nouveau mot de passe — ${v.tenantName}`,
          body: `Bonjour,\n\nQuelqu’un (peut-être vous) a demandé un nouveau mot de passe pour un compte à cette adresse sur les pages de participation de ${v.tenantName}, mais aucun compte ne l’utilise. Vous vous êtes peut-être inscrit avec une autre adresse. Pour créer un compte, rendez-vous sur :\n\n${v.link}\n\nSi vous n’avez rien demandé, ignorez ce message.\n\n— ${v.tenantName}, via Civique`,
        },
  moderationDecision: (locale: Locale, v: { tenantName: string; what: string; hidden: boolean; statement: string }): MailText =>
    locale === 'en'
      ? {
          subject: v.hidden ? `Your contribution has been hidden — ${v.tenantName}` : `Your contribution is visible again — ${v.tenantName}`,
          body: `Hello,\n\n${v.hidden ? `Your contribution (${v.what}) is no longer shown on ${v.tenantName}'s participation pages.` : `Your contribution (${v.what}) is shown again on ${v.tenantName}'s participation pages.`}\n\nStatement of reasons:\n${v.statement}\n\nYou can read this decision in your account. To contest it, reply to the collectivité through its contact page.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: v.hidden ? `Votre contribution a été masquée — ${v.tenantName}` : `Votre contribution est de nouveau visible — ${v.tenantName}`,
          body: `Bonjour,\n\n${v.hidden ? `Votre contribution (${v.what}) n’est plus affichée sur les pages de participation de ${v.tenantName}.` : `Votre contribution (${v.what}) est de nouveau affichée sur les pages de participation de ${v.tenantName}.`}\n\nMotifs de la décision :\n${v.statement}\n\nVous retrouvez cette décision dans votre compte. Pour la contester, écrivez à la collectivité par sa page de contact.\n\n— ${v.tenantName}, via Civique`,
        },
  /** To the author of rejected content: the statement of reasons (DSA art. 17). */
  contributionRejected: (locale: Locale, v: { tenantName: string; title: string; statement: string }): MailText =>
    locale === 'en'
      ? {
          subject: `Your proposal was not published — ${v.tenantName}`,
          body: `Hello,\n\nYour proposal “${v.title}” will not be published on ${v.tenantName}'s participation pages.\n\nStatement of reasons:\n${v.statement}\n\nYou can read this decision in your account, and send a new proposal. To contest it, reply to the collectivité through its contact page.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Votre proposition n’a pas été publiée — ${v.tenantName}`,
          body: `Bonjour,\n\nVotre proposition « ${v.title} » ne sera pas publiée sur les pages de participation de ${v.tenantName}.\n\nMotifs de la décision :\n${v.statement}\n\nVous retrouvez cette décision dans votre compte et pouvez envoyer une nouvelle proposition. Pour la contester, écrivez à la collectivité par sa page de contact.\n\n— ${v.tenantName}, via Civique`,
        },
  /**
   * A message relayed by the resource board: neither address is in it (the mail comes from the platform, with no
   * Reply-To), unless its writer chose to share theirs; the answer goes through the board's link.
   */
  resourceMessage: (
    locale: Locale,
    v: { tenantName: string; from: string; title: string; message: string; link: string; sharedEmail: string | null },
  ): MailText =>
    locale === 'en'
      ? {
          subject: `${v.from} wrote to you about “${v.title}” — ${v.tenantName}`,
          body: `Hello,\n\n${v.from} wrote to you through the resource board of ${v.tenantName}, about “${v.title}”:\n\n${v.message}\n\n${v.sharedEmail ? `${v.from} chose to share their email address with you: ${v.sharedEmail}\n\n` : ''}Do not reply to this mail: answer through the board, where the conversation is kept (your address stays hidden unless you choose to share it):\n${v.link}\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `${v.from} vous a écrit au sujet de « ${v.title} » — ${v.tenantName}`,
          body: `Bonjour,\n\n${v.from} vous a écrit par la bourse aux ressources de ${v.tenantName}, au sujet de « ${v.title} » :\n\n${v.message}\n\n${v.sharedEmail ? `${v.from} a choisi de vous communiquer son adresse e-mail : ${v.sharedEmail}\n\n` : ''}Ne répondez pas à ce message : répondez par la bourse, où la conversation est conservée (votre adresse reste cachée, sauf si vous choisissez de la communiquer) :\n${v.link}\n\n— ${v.tenantName}, via Civique`,
        },
  /**
   * A business's request for help, relayed to a partner of the board (an organisation, not an account: French).
   * The business's address only when it chose to share it; otherwise the partner is told it cannot answer by mail.
   */
  partnerMessage: (
    locale: Locale,
    v: { tenantName: string; partnerName: string; from: string; sector: string; commune: string; message: string; link: string; sharedEmail: string | null },
  ): MailText =>
    locale === 'en'
      ? {
          subject: `${v.from} asks ${v.partnerName} for help — ${v.tenantName}`,
          body: `Hello,\n\n${v.from} (${v.sector}, ${v.commune}) asks ${v.partnerName} for help through the resource board of ${v.tenantName}:\n\n${v.message}\n\n${v.sharedEmail ? `${v.from} chose to share their email address with you: answer them at ${v.sharedEmail}\n\n` : `${v.from} did not share their email address: do not reply to this mail. The business can be reached through the resource board:\n${v.link}\n\n`}— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `${v.from} demande l’aide de ${v.partnerName} — ${v.tenantName}`,
          body: `Bonjour,\n\n${v.from} (${v.sector}, ${v.commune}) demande l’aide de ${v.partnerName} par la bourse aux ressources de ${v.tenantName} :\n\n${v.message}\n\n${v.sharedEmail ? `${v.from} a choisi de vous communiquer son adresse e-mail : répondez-lui à ${v.sharedEmail}\n\n` : `${v.from} n’a pas communiqué son adresse e-mail : ne répondez pas à ce message. L’entreprise peut être jointe par la bourse aux ressources :\n${v.link}\n\n`}— ${v.tenantName}, via Civique`,
        },
  /** The double opt-in of an anonymous author's address: nothing else is sent before this link is opened. */
  proposalEmailConfirm: (locale: Locale, v: { tenantName: string; title: string; link: string }): MailText =>
    locale === 'en'
      ? {
          subject: `Confirm your address to be told of the answer — ${v.tenantName}`,
          body: `Hello,\n\nYou sent the proposal “${v.title}” to ${v.tenantName} and left this address to be told when an elected official answers. To confirm it, open this link:\n\n${v.link}\n\nThe same link lets you see, export or erase what you gave, without an account. If you did not send this proposal, ignore this message: nothing more will be sent.\n\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Confirmez votre adresse pour être prévenu·e de la réponse — ${v.tenantName}`,
          body: `Bonjour,\n\nVous avez envoyé la proposition « ${v.title} » à ${v.tenantName} et laissé cette adresse pour être prévenu·e quand un ou une élue y répondra. Pour la confirmer, ouvrez ce lien :\n\n${v.link}\n\nLe même lien vous permet de voir, d’exporter ou d’effacer ce que vous avez donné, sans compte. Si vous n’avez pas envoyé cette proposition, ignorez ce message : rien d’autre ne vous sera envoyé.\n\n— ${v.tenantName}, via Civique`,
        },
  /** The official answer to a proposal, with the deep link to it and, for an address without account, its own link. */
  proposalAnswered: (
    locale: Locale,
    v: { tenantName: string; title: string; status: string; answer: string; answeringBody: string; link: string; manageLink?: string },
  ): MailText =>
    locale === 'en'
      ? {
          subject: `Your proposal has an answer — ${v.tenantName}`,
          body: `Hello,\n\nYour proposal “${v.title}” has an official answer from ${v.answeringBody}.\n\nDecision: ${ANSWER_LABELS.en[v.status] ?? v.status}\n\n${v.answer}\n\nRead it on the commune's page:\n${v.link}\n${v.manageLink ? `\nTo see, export or erase your address (nothing more will be sent about this proposal):\n${v.manageLink}\n` : ''}\n— ${v.tenantName}, via Civique`,
        }
      : {
          subject: `Votre proposition a reçu une réponse — ${v.tenantName}`,
          body: `Bonjour,\n\nVotre proposition « ${v.title} » a reçu une réponse officielle de : ${v.answeringBody}.\n\nDécision : ${ANSWER_LABELS.fr[v.status] ?? v.status}\n\n${v.answer}\n\nLa réponse sur la page de la commune :\n${v.link}\n${v.manageLink ? `\nPour voir, exporter ou effacer votre adresse (rien d’autre ne vous sera envoyé sur cette proposition) :\n${v.manageLink}\n` : ''}\n— ${v.tenantName}, via Civique`,
        },
};

const ANSWER_LABELS: Record<Locale, Record<string, string>> = {
  fr: { under_study: 'à l’étude', accepted: 'acceptée', refused: 'refusée', selected: 'retenue pour le budget participatif' },
  en: { under_study: 'under study', accepted: 'accepted', refused: 'refused', selected: 'selected for the participatory budget' },
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/**
 * The simple HTML part of a mail, made from its plain text: everything escaped (a citizen's title stays text),
 * paragraphs kept, and only `https:` or `http:` links made clickable.
 *
 * @example
 * htmlPart('Bonjour,\n\nhttps://ville.fr/idees.html#civique-proposal=X'); // '<p>Bonjour,</p><p><a href="https://…">https://…</a></p>'
 */
export function htmlPart(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((para) =>
    escapeHtml(para)
      .replace(/https?:\/\/[^\s<>"]+/g, (url) => `<a href="${url}">${url}</a>`)
      .replace(/\n/g, '<br>'),
  );
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
}

/**
 * An outbox row with a fresh, stable Message-ID.
 *
 * @example
 * const mail = outboxMail({ to, accountId, createdAt: now, ...mailTemplates.verifyEmail('fr', { tenantName, link }) });
 */
export function outboxMail(m: { to: string; accountId: string | null; createdAt: number; html?: boolean; eraseWhenSent?: boolean } & MailText): OutboxMail {
  return {
    messageId: `<${randomUUID()}@civique>`,
    accountId: m.accountId,
    to: m.to,
    subject: m.subject,
    body: m.body,
    html: m.html ? htmlPart(m.body) : null,
    eraseWhenSent: m.eraseWhenSent,
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
