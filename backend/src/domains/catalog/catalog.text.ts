/**
 * Search text: one lower-case, accent-free spelling of a product's name, SKU
 * and barcodes, so "cafe", "CAFÉ" and "Café" all find "Café con leche".
 */

/** Lower case, NFD-decomposed, combining marks stripped. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function searchTextOf(name: string, sku: string, barcodes: readonly string[]): string {
  return normalizeText([name, sku, ...barcodes].join(' '));
}

/** The words of a query as FTS5's unicode61 tokenizer would split them: runs of letters and digits. */
export function queryWords(query: string): string[] {
  return normalizeText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** `"cafe"* "con"*`: every word a quoted prefix term (quotes doubled), all required. */
export function ftsMatchExpression(query: string): string | null {
  const words = queryWords(query);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

/** Escapes `%`, `_` and the escape character itself for `LIKE … ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
