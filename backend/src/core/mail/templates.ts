/**
 * Transactional emails in the business's language: plain text for every
 * client, plus a simple HTML part whose every interpolated value is escaped.
 */
import type { TenantRole } from '../../contract/index.js';

export type MailLanguage = 'es' | 'en';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** `es-*` locales read Spanish; any other known locale reads English; no locale at all → `fallback`. */
export function mailLanguage(locale: string | null | undefined, fallback: MailLanguage = 'en'): MailLanguage {
  if (!locale) return fallback;
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const ROLE_NAMES: Record<MailLanguage, Record<TenantRole, string>> = {
  es: { OWNER: 'Propietario', ADMIN: 'Administrador', STAFF: 'Personal' },
  en: { OWNER: 'Owner', ADMIN: 'Admin', STAFF: 'Staff' },
};

interface MailContent {
  subject: string;
  greeting: string;
  intro: string;
  action: { label: string; url: string };
  notes: string[];
}

function render(content: MailContent): RenderedMail {
  const text = [
    content.greeting,
    content.intro,
    `${content.action.label}:\n${content.action.url}`,
    ...content.notes,
    '— Mostrador',
  ].join('\n\n');
  const paragraph = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const url = escapeHtml(content.action.url);
  const html = [
    '<!doctype html>',
    '<html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5;color:#1f2328">',
    paragraph(content.greeting),
    paragraph(content.intro),
    `<p><a href="${url}" style="display:inline-block;padding:10px 16px;background:#1f6feb;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`,
    `<p style="font-size:13px;color:#57606a">${url}</p>`,
    ...content.notes.map(paragraph),
    '<p style="color:#57606a">— Mostrador</p>',
    '</body></html>',
  ].join('\n');
  return { subject: content.subject, text, html };
}

export interface InvitationMailData {
  language: MailLanguage;
  /** The business's locale and time zone, so the expiry reads as the invitee's calendar would. */
  locale: string;
  timeZone: string;
  businessName: string;
  inviterName: string;
  role: TenantRole;
  link: string;
  expiresAt: string;
}

export function invitationMail(data: InvitationMailData): RenderedMail {
  const role = ROLE_NAMES[data.language][data.role];
  const expires = new Intl.DateTimeFormat(data.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: data.timeZone,
  }).format(new Date(data.expiresAt));
  if (data.language === 'es') {
    return render({
      subject: `${data.inviterName} te invita a ${data.businessName} en Mostrador`,
      greeting: 'Hola:',
      intro: `${data.inviterName} te ha invitado a unirte a ${data.businessName} en Mostrador con el rol de ${role}.`,
      action: { label: 'Aceptar la invitación', url: data.link },
      notes: [
        `El enlace caduca el ${expires} y solo se puede usar una vez.`,
        'Si no esperabas esta invitación, puedes ignorar este correo.',
      ],
    });
  }
  return render({
    subject: `${data.inviterName} invited you to ${data.businessName} on Mostrador`,
    greeting: 'Hello,',
    intro: `${data.inviterName} has invited you to join ${data.businessName} on Mostrador as ${role}.`,
    action: { label: 'Accept the invitation', url: data.link },
    notes: [
      `The link expires on ${expires} and can be used only once.`,
      'If you were not expecting this invitation, you can ignore this email.',
    ],
  });
}

export interface PasswordResetMailData {
  language: MailLanguage;
  name: string;
  email: string;
  link: string;
}

export function passwordResetMail(data: PasswordResetMailData): RenderedMail {
  if (data.language === 'es') {
    return render({
      subject: 'Restablece tu contraseña de Mostrador',
      greeting: `Hola, ${data.name}:`,
      intro: `Hemos recibido una solicitud para restablecer la contraseña de tu cuenta de Mostrador (${data.email}).`,
      action: { label: 'Elegir una contraseña nueva', url: data.link },
      notes: [
        'El enlace caduca en 1 hora y solo se puede usar una vez. Al cambiar la contraseña se cerrarán todas tus sesiones abiertas.',
        'Si no lo has pedido tú, ignora este correo: tu contraseña no cambiará.',
      ],
    });
  }
  return render({
    subject: 'Reset your Mostrador password',
    greeting: `Hello ${data.name},`,
    intro: `We received a request to reset the password of your Mostrador account (${data.email}).`,
    action: { label: 'Choose a new password', url: data.link },
    notes: [
      'The link expires in 1 hour and can be used only once. Changing your password signs you out everywhere.',
      'If you did not ask for this, ignore this email: your password will not change.',
    ],
  });
}
