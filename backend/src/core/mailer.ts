import nodemailer from 'nodemailer';
import type { Mailer } from './deps.js';

/** SMTP when configured; otherwise messages are rendered to JSON and kept local (logged), never lost silently. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  const transport = smtpUrl
    ? nodemailer.createTransport(smtpUrl, { from })
    : nodemailer.createTransport({ jsonTransport: true }, { from });
  return transport;
}
