/**
 * A list shown page by page, with the next page below it: a row already shown (a record added
 * meanwhile moved the pages, so the next page repeats the last one shown) is kept once.
 */
export function appendById<T extends { id: string }>(shown: readonly T[], next: readonly T[]): T[] {
  const seen = new Set(shown.map((row) => row.id));
  return [...shown, ...next.filter((row) => !seen.has(row.id))];
}
