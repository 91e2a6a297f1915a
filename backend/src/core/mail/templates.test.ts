import { describe, expect, it } from 'vitest';
import { escapeHtml, invitationMail, mailLanguage, passwordResetMail } from './templates.js';

describe('transactional email templates', () => {
  it('picks Spanish for es-* locales and English for the rest, with a fallback for none', () => {
    expect(mailLanguage('es-MX')).toBe('es');
    expect(mailLanguage('en-GB')).toBe('en');
    expect(mailLanguage(undefined)).toBe('en');
    expect(mailLanguage(null, 'es')).toBe('es');
  });

  it('escapes every interpolated value in the HTML part, and leaves the text part as typed', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const mail = invitationMail({
      language: 'es',
      locale: 'es-MX',
      timeZone: 'America/Mexico_City',
      businessName: '<script>alert(1)</script>',
      inviterName: 'O"Brien & Hijos',
      role: 'ADMIN',
      link: 'https://example.com/invite/abc?x="y"',
      expiresAt: '2026-12-02T10:00:00.000Z',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('href="https://example.com/invite/abc?x=&quot;y&quot;"');
    expect(mail.text).toContain('O"Brien & Hijos te ha invitado a unirte a <script>alert(1)</script>');
    expect(mail.text).toContain(
      'El enlace caduca el 2 de diciembre de 2026 a las 4:00 a.m. y solo se puede usar una vez.',
    );
  });

  it('renders the password reset email in both languages', () => {
    const data = { name: 'Ana', email: 'ana@example.com', link: 'https://x.test/reset-password/t' };
    expect(passwordResetMail({ ...data, language: 'es' }).subject).toBe(
      'Restablece tu contraseña de Mostrador',
    );
    expect(passwordResetMail({ ...data, language: 'en' }).text).toContain(
      'Choose a new password:\nhttps://x.test/reset-password/t',
    );
  });
});
