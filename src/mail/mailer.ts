import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { MailAttachment } from '../db/schema.js';
import { qrPng } from '../codes/ticket-qr.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string | undefined;
  mailDir: string;
  from: string;
}

/** True for answers where retrying the same message cannot succeed (SMTP 5xx). */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * SMTP_URL set: a pooled SMTP transport. Unset: each message is written as an .eml file
 * under MAIL_DIR, so a fresh `npm start` needs no mail server and mail can still be read.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { smtpUrl } = options;
  // nodemailer is loaded with the first mail, not at start-up (a tenth of what `npm start` loads).
  let transport: Promise<Transporter> | undefined;
  let opened: Transporter | undefined;
  const open = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      (opened = smtpUrl
        ? nodemailer.createTransport(smtpUrl.includes('pool=') ? smtpUrl : withPool(smtpUrl))
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })),
    ));
  const close = () => opened?.close();
  if (smtpUrl) {
    return {
      async send(mail) {
        const info = await (await open()).sendMail(forTransport(options.from, mail));
        return { messageId: info.messageId };
      },
      close,
    };
  }
  return {
    async send(mail) {
      const info = await (await open()).sendMail(forTransport(options.from, mail));
      await fs.mkdir(options.mailDir, { recursive: true });
      const file = path.join(options.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(3).toString('hex')}.eml`);
      await fs.writeFile(file, info.message as Buffer);
      return { messageId: info.messageId };
    },
    close,
  };
}

/** Nodemailer's form of a mail: QR attachments drawn now, in the process that sends it. */
function forTransport(from: string, mail: OutgoingMail) {
  const attachments = mail.attachments?.map((file) => ('qr' in file ? { filename: file.filename, cid: file.cid, content: qrPng(file.qr, file.scale), contentType: 'image/png' } : file));
  return { from, ...mail, html: mail.html ?? undefined, attachments };
}

function withPool(smtpUrl: string): string {
  return smtpUrl + (smtpUrl.includes('?') ? '&' : '?') + 'pool=true';
}
