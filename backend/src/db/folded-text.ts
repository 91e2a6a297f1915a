/**
 * "Contains, ignoring case and accents" for name searches, on both databases.
 * SQLite's lower() folds ASCII only ("Álvaro" stays "Álvaro", so "álvaro"
 * never finds it), and Postgres's folds nothing beyond ASCII under the C
 * locale. Both sides are folded the same way the catalog folds product names
 * (normalizeText: NFD, combining marks stripped, lower case): the query in JS,
 * the column by `fold_text`, a function registered on every SQLite connection,
 * or by normalize/regexp_replace on Postgres. No stored column, no migration.
 */
import type Database from 'better-sqlite3';
import { type Expression, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import { escapeLike, normalizeText } from '../domains/catalog/catalog.text.js';

/** Any connection or transaction, whatever its tables: only its dialect is looked at. */
type AnyDb = Pick<Kysely<unknown>, 'getExecutor'>;

export const FOLD_FUNCTION = 'fold_text';

/** Printable ASCII, tabs and line breaks only: nothing to decompose, lower-casing is the whole fold. */
const ASCII = /^[\t\n\r\x20-\x7e]*$/;

/**
 * Registers `fold_text(x)` (normalizeText; null stays null) on a SQLite connection. It runs once
 * per row and column searched; ASCII text (emails, phones, tax ids, most names) skips NFD.
 */
export function registerFoldText(raw: Database.Database): void {
  raw.function(FOLD_FUNCTION, { deterministic: true }, (value: unknown) => {
    if (typeof value !== 'string') return value;
    return ASCII.test(value) ? value.toLowerCase() : normalizeText(value);
  });
}

/** Combining diacritical marks: what is left of "Á", "ñ" or "ç" once decomposed. */
const MARKS = '[\\u0300-\\u036f]';

/** The expression folded like normalizeText: lower case, without accents. */
export function folded(db: AnyDb, expr: Expression<string | null>): RawBuilder<string> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string>`lower(regexp_replace(normalize(${expr}, NFD), ${MARKS}, '', 'g'))`
    : sql<string>`${sql.raw(FOLD_FUNCTION)}(${expr})`;
}

/** True where the expression contains the query, case and accents ignored ("alvaro" finds "Álvaro"). */
export function containsFolded(
  db: AnyDb,
  expr: Expression<string | null>,
  query: string,
): RawBuilder<boolean> {
  return sql<boolean>`${folded(db, expr)} like ${`%${escapeLike(normalizeText(query))}%`} escape '\\'`;
}
