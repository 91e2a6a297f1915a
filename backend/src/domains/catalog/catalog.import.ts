/**
 * CSV import and export of products. The preview checks every row against
 * the file itself and the catalog, and reports each problem with its row and
 * column; the import writes only when there is none.
 */
import type { Kysely } from 'kysely';
import {
  CSV_COLUMNS,
  type CsvColumn,
  fromMilli,
  type ImportPreview,
  type ImportRowError,
  type ProductDraft,
  type ProductListQuery,
  productFields,
  REQUIRED_CSV_COLUMNS,
  UNITS,
  type Unit,
} from '../../contract/index.js';
import { toFieldIssues } from '../../core/validation.js';
import type { DB } from '../../db/schema.js';
import { formatCsv, parseCsv } from './catalog.csv.js';
import { exportRows, listCategories, takenBarcodes, takenSkus, tenantCurrency } from './catalog.queries.js';
import { normalizeText } from './catalog.text.js';

export const SAMPLE_ROWS = 20;

/** Minor-unit digits of a currency: 2 for EUR, 0 for CLP or JPY. */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** `1.50`, `1,50` or `2` with at most `digits` decimals → whole units × 10^digits; null when not a number. */
export function parseDecimal(text: string, digits: number): number | null {
  const match = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > digits) return null;
  const value = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return sign ? -value : value;
}

export function formatDecimal(value: number, digits: number): string {
  if (digits === 0) return String(value);
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}

const TRUE = new Set(['yes', 'si', 'sí', 's', 'y', '1', 'true', 'verdadero']);
const FALSE = new Set(['no', 'n', '0', 'false', 'falso']);

function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return null;
}

/** Category paths as a file spells them, `Bebidas > Café` or `Bebidas › Café`, case and accents ignored. */
const pathKey = (path: string) =>
  path
    .split(/[>›]/)
    .map((part) => normalizeText(part.trim()))
    .filter((part) => part !== '')
    .join('>');

const headerKey = (h: string) => normalizeText(h.trim()).replace(/\s+/g, '_');

export interface ValidatedImport {
  preview: ImportPreview;
  /** Every row that passed, in file order (all of them when `preview.errors` is empty). */
  drafts: ProductDraft[];
}

/** Parses and checks a whole file; throws `csv-malformed` only when the file cannot be read as CSV at all. */
export async function validateImport(
  db: Kysely<DB>,
  tenantId: string,
  text: string,
): Promise<ValidatedImport> {
  const table = parseCsv(text);
  const keys = table.header.map(headerKey);
  const errors: ImportRowError[] = [];
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !keys.includes(c));
  for (const column of missing) {
    errors.push({
      row: 0,
      field: column,
      code: 'column-missing',
      message: `The file has no "${column}" column`,
    });
  }
  const preview = (drafts: ProductDraft[]): ValidatedImport => ({
    preview: {
      columns: table.header,
      rows: table.records.length,
      valid: drafts.length,
      errors,
      sample: drafts.slice(0, SAMPLE_ROWS),
    },
    drafts,
  });
  if (missing.length > 0) return preview([]);

  const index = new Map<CsvColumn, number>();
  for (const column of CSV_COLUMNS) {
    const at = keys.indexOf(column);
    if (at >= 0) index.set(column, at);
  }
  const [currency, categories] = await Promise.all([
    tenantCurrency(db, tenantId),
    listCategories(db, tenantId),
  ]);
  const digits = minorDigits(currency);
  const categoryByPath = new Map(categories.map((c) => [pathKey(c.path), c.id]));

  const candidates: { row: number; draft: ProductDraft }[] = [];
  for (const record of table.records) {
    const rowErrors: ImportRowError[] = [];
    const fail = (field: string, code: string, message: string) =>
      rowErrors.push({ row: record.row, field, code, message });
    if (record.fields.length !== table.header.length) {
      fail(
        '(row)',
        'csv-malformed',
        `Expected ${table.header.length} fields separated by "${table.delimiter}", found ${record.fields.length}`,
      );
      errors.push(...rowErrors);
      continue;
    }
    const cell = (column: CsvColumn) => {
      const at = index.get(column);
      return at === undefined ? '' : (record.fields[at] ?? '').trim();
    };
    const amount = (column: 'price' | 'cost') => {
      const raw = cell(column);
      if (raw === '') return 0;
      const value = parseDecimal(raw, digits);
      if (value === null) {
        fail(column, 'amount-invalid', `"${raw}" is not an amount with at most ${digits} decimals`);
        return 0;
      }
      if (value < 0) fail(column, 'amount-negative', 'The amount cannot be negative');
      return value;
    };
    const quantity = (column: 'reorder_point' | 'reorder_qty') => {
      const raw = cell(column);
      if (raw === '') return 0;
      const milli = parseDecimal(raw, 3);
      if (milli === null || milli < 0) {
        fail(column, 'quantity-invalid', `"${raw}" is not a quantity with at most 3 decimals`);
        return 0;
      }
      return fromMilli(milli);
    };
    const flag = (column: 'tracked' | 'active') => {
      const raw = cell(column);
      if (raw === '') return true;
      const value = parseBoolean(raw);
      if (value === null) fail(column, 'boolean-invalid', `"${raw}" is not yes/no`);
      return value ?? true;
    };

    const unitText = cell('unit').toLowerCase() || 'unit';
    if (!(UNITS as readonly string[]).includes(unitText)) {
      fail('unit', 'unit-invalid', `Unit must be one of ${UNITS.join(', ')}`);
    }
    const taxText = cell('tax_rate');
    const taxRateBp = taxText === '' ? 0 : parseDecimal(taxText, 2);
    if (taxRateBp === null || taxRateBp < 0 || taxRateBp > 10_000) {
      fail('tax_rate', 'tax-rate-invalid', `"${taxText}" is not a percentage between 0 and 100`);
    }
    const categoryPath = cell('category');
    let categoryId: string | null = null;
    if (categoryPath !== '') {
      categoryId = categoryByPath.get(pathKey(categoryPath)) ?? null;
      if (!categoryId) fail('category', 'category-unknown', `No category "${categoryPath}": create it first`);
    }
    const draft: ProductDraft = {
      sku: cell('sku'),
      name: cell('name'),
      description: cell('description') || null,
      categoryId,
      categoryPath: categoryPath || null,
      unit: unitText as Unit,
      price: amount('price'),
      cost: amount('cost'),
      taxRateBp: taxRateBp ?? 0,
      tracked: flag('tracked'),
      active: flag('active'),
      reorderPoint: quantity('reorder_point'),
      reorderQty: quantity('reorder_qty'),
      barcodes: cell('barcodes')
        .split('|')
        .map((b) => b.trim())
        .filter((b) => b !== ''),
    };
    if (rowErrors.length === 0) {
      // The same rules as the product form, so an imported product is one the form would accept.
      const parsed = productFields.safeParse(draft);
      if (!parsed.success) {
        for (const issue of toFieldIssues(parsed.error))
          fail(csvField(issue.field), issue.code, issue.message);
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else candidates.push({ row: record.row, draft });
  }

  const [skusTaken, codesTaken] = await Promise.all([
    takenSkus(
      db,
      tenantId,
      candidates.map((c) => c.draft.sku),
    ),
    takenBarcodes(
      db,
      tenantId,
      candidates.flatMap((c) => c.draft.barcodes),
    ),
  ]);
  const seenSkus = new Map<string, number>();
  const seenCodes = new Map<string, number>();
  const drafts: ProductDraft[] = [];
  for (const { row, draft } of candidates) {
    let ok = true;
    const firstRow = seenSkus.get(draft.sku);
    if (skusTaken.has(draft.sku) || firstRow !== undefined) {
      ok = false;
      errors.push({
        row,
        field: 'sku',
        code: 'sku-taken',
        message:
          firstRow !== undefined
            ? `SKU ${draft.sku} is also on row ${firstRow}`
            : `SKU ${draft.sku} is already in the catalog`,
      });
    } else seenSkus.set(draft.sku, row);
    draft.barcodes.forEach((code, i) => {
      const first = seenCodes.get(code);
      if (codesTaken.has(code) || first !== undefined) {
        ok = false;
        errors.push({
          row,
          field: `barcodes.${i}`,
          code: 'barcode-taken',
          message:
            first !== undefined
              ? `Barcode ${code} is also on row ${first}`
              : `Barcode ${code} is already in use`,
        });
      } else seenCodes.set(code, row);
    });
    if (ok) drafts.push(draft);
  }
  errors.sort((a, b) => a.row - b.row);
  return preview(drafts);
}

/** Product-form field names back to the file's column names. */
function csvField(field: string): string {
  const map: Record<string, string> = {
    taxRateBp: 'tax_rate',
    reorderPoint: 'reorder_point',
    reorderQty: 'reorder_qty',
    categoryId: 'category',
  };
  const [head = field, ...rest] = field.split('.');
  return [map[head] ?? head, ...rest].join('.');
}

const yesNo = (v: number) => (v === 1 ? 'yes' : 'no');

/** The filtered catalog as CSV with the import's columns, amounts in the currency's decimals. */
export async function exportCsv(
  db: Kysely<DB>,
  tenantId: string,
  filters: Pick<ProductListQuery, 'q' | 'categoryId' | 'status' | 'lowStock'>,
): Promise<string> {
  const [currency, categories, rows] = await Promise.all([
    tenantCurrency(db, tenantId),
    listCategories(db, tenantId),
    exportRows(db, tenantId, filters),
  ]);
  const digits = minorDigits(currency);
  const pathOf = new Map(categories.map((c) => [c.id, c.path.split(' › ').join(' > ')]));
  return formatCsv(
    CSV_COLUMNS,
    rows.map((r) => [
      r.sku,
      r.name,
      r.description ?? '',
      r.category_id ? (pathOf.get(r.category_id) ?? '') : '',
      r.unit,
      formatDecimal(r.price, digits),
      formatDecimal(r.cost, digits),
      formatDecimal(r.tax_rate_bp, 2).replace(/\.?0+$/, ''),
      yesNo(r.tracked),
      yesNo(r.active),
      String(fromMilli(r.reorder_point_milli)),
      String(fromMilli(r.reorder_qty_milli)),
      r.barcodes.join('|'),
    ]),
  );
}
