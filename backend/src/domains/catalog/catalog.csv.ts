/**
 * A small RFC 4180 reader and writer: quoted fields, `""` escapes, quoted
 * newlines, CRLF or LF, a leading BOM stripped, `,` or `;` as the delimiter
 * (spreadsheets in Spanish locales save with `;`), detected from the header.
 */
import { DomainError } from '../../core/errors.js';

export interface CsvTable {
  delimiter: ',' | ';';
  header: string[];
  /** Data records with the 1-based data row number each started on. */
  records: { row: number; fields: string[] }[];
}

const malformed = (message: string) => new DomainError('csv-malformed', 400, message);

/** The delimiter that splits the header line (outside quotes) more often. */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  if (commas === 0 && semicolons === 0) {
    throw malformed('The header line has a single column: separate the columns with "," or ";"');
  }
  return semicolons > commas ? ';' : ',';
}

/** Splits the whole text into records of fields. */
function records(text: string, delimiter: string): string[][] {
  const out: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let i = 0;
  let atFieldStart = true;
  const n = text.length;
  const endField = () => {
    fields.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    out.push(fields);
    fields = [];
  };
  while (i < n) {
    const ch = text[i] as string;
    if (atFieldStart && ch === '"') {
      // A quoted field: runs to the closing quote; `""` is one quote; newlines are data.
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) throw malformed('A quoted field is never closed');
        field += text.slice(i, close);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw malformed(`Unexpected text after a closing quote: ${JSON.stringify(text.slice(i, i + 10))}`);
      }
      atFieldStart = false;
      continue;
    }
    if (ch === delimiter) {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      // Unquoted run up to the next delimiter or line end.
      let j = i;
      while (j < n) {
        const c = text[j];
        if (c === delimiter || c === '\n' || c === '\r') break;
        j++;
      }
      field += text.slice(i, j);
      atFieldStart = false;
      i = j;
    }
  }
  if (!atFieldStart || fields.length > 0) endRecord();
  return out;
}

/**
 * The text of an uploaded file's bytes. UTF-8 when the bytes are valid UTF-8
 * (with or without a BOM); otherwise Windows-1252, what Excel on a Spanish or
 * English Windows writes for "CSV (delimitado por comas / punto y coma)", so
 * á, ñ and € arrive as typed instead of as U+FFFD. Every byte string is valid
 * Windows-1252, so a file is never garbled silently.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = windows1252(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Bytes 0x80–0x9F of Windows-1252 (WHATWG Encoding); the rest are Latin-1. Not
 * `new TextDecoder('windows-1252')`: Node 20 decodes that label as Latin-1 and
 * turns € into U+0080.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function windows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes = Array.from(bytes.subarray(i, i + CHUNK), (b) =>
      b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

export function parseCsv(input: string): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') throw malformed('The file is empty');
  const delimiter = detectDelimiter(text);
  const all = records(text, delimiter);
  const [header = [], ...rest] = all;
  const data: CsvTable['records'] = [];
  rest.forEach((fields, index) => {
    // Blank lines (often a trailing one) carry no record.
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    data.push({ row: index + 1, fields });
  });
  return { delimiter, header: header.map((h) => h.trim()), records: data };
}

function quote(value: string): string {
  return /[",;\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV text with CRLF line ends and a BOM, so spreadsheets read the accents right. */
export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(quote).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
