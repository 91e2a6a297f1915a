import type { Request } from 'express';
import type { AppDeps } from '../deps.js';
import { DomainError } from '../errors.js';
import type { RenderedMail } from './templates.js';

/**
 * The origin links in emails point at: the configured public URL, else the
 * one this request came in on. Set `publicUrl` wherever the console is
 * reachable under a name a client could spoof through the Host header.
 */
export function linkOrigin(deps: Pick<AppDeps, 'publicUrl'>, req: Request): string {
  const origin = deps.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  return origin.replace(/\/+$/, '');
}

/**
 * Sends one rendered email. A transport failure becomes 502 `mail-failed`
 * with `failureMessage`, after logging the cause (never shown to clients).
 */
export async function sendRenderedMail(
  deps: Pick<AppDeps, 'mailer' | 'logger'>,
  to: string,
  mail: RenderedMail,
  failureMessage: string,
): Promise<void> {
  try {
    await deps.mailer.sendMail({ to, subject: mail.subject, text: mail.text, html: mail.html });
  } catch (err) {
    deps.logger.error({ err, subject: mail.subject }, 'email could not be sent');
    throw new DomainError('mail-failed', 502, failureMessage);
  }
}
