/**
 * PDFKit's standard fonts (Helvetica) are encoded in WinAnsi (Windows-1252): Latin-1 plus a few
 * typographic characters (€, dashes, curly quotes, …). A character outside it would come out as
 * a wrong glyph, so text is brought into WinAnsi first: the spaces and dashes `Intl` and keyboards
 * produce become their WinAnsi equivalents (the narrow no-break space of French and Swiss numbers
 * becomes a no-break space), a letter with a mark WinAnsi lacks loses the mark (ł → l, ő → o), and
 * anything left (CJK, emoji, Cyrillic, …) becomes `?`, one per character.
 */

/** The characters beyond Latin-1 that WinAnsi has (bytes 0x80–0x9F). */
const EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

const NO_BREAK_SPACES = new Set([0x2007, 0x202f, 0x2060, 0xfeff]);
const HYPHENS = new Set([0x2010, 0x2011, 0x2012, 0x2043, 0x2212]);
/** Letters with a stroke have no decomposition to take the mark off. */
const STROKED: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  Ŧ: 'T',
  ŧ: 't',
  ı: 'i',
};

function encodable(cp: number): boolean {
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || EXTRA.has(cp);
}

function replacement(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  if (encodable(cp) || char === '\n') return char;
  if (NO_BREAK_SPACES.has(cp)) return '\u00a0';
  if (char === '\t' || /\p{Zs}/u.test(char)) return ' ';
  if (HYPHENS.has(cp)) return '-';
  if (/\p{Cc}|\p{Cf}/u.test(char)) return '';
  if (STROKED[char]) return STROKED[char];
  const bare = char.normalize('NFKD').replace(/\p{M}/gu, '');
  return bare && [...bare].every((c) => encodable(c.codePointAt(0) ?? 0)) ? bare : '?';
}

/** `text` in characters Helvetica can show: see the module comment for what is replaced and how. */
export function winAnsi(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n').normalize('NFC')) out += replacement(char);
  return out;
}
