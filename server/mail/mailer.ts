import nodemailer from 'nodemailer';

export interface MailMessage {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** A simple HTML alternative to the text. */
  html?: string | null;
}

/** Sends one mail or throws; the outbox worker retries. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * SMTP through nodemailer. The Message-ID is the outbox row's, so a mail resent after a crash between
 * "sent" and "marked sent" carries the same id and can be recognised as a duplicate.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        messageId: message.messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
  };
}

/** Development without SMTP: the mail is printed, so the links in it can be followed. */
export function createConsoleMailer(log: (line: string) => void = console.log): Mailer {
  return {
    async send(message) {
      log(`[civique] mail to ${message.to} — ${message.subject}\n${message.text}\n`);
    },
  };
}
