/** A compact before/after summary of an audit entry: only the keys that changed. */
export interface ChangedKey {
  key: string;
  before: string | null;
  after: string | null;
}

const MAX_VALUE = 40;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, single-line rendering of any JSON value; undefined and null read as absent. */
export function compactValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Keys whose value differs between `before` and `after`, in first-seen order.
 * A value that is not an object on either side is summarised under the key '' (the whole value).
 */
export function summariseChange(before: unknown, after: unknown): ChangedKey[] {
  const beforeObject = before === null || before === undefined ? {} : before;
  const afterObject = after === null || after === undefined ? {} : after;
  if (!isRecord(beforeObject) || !isRecord(afterObject)) {
    return sameValue(before, after)
      ? []
      : [{ key: '', before: compactValue(before), after: compactValue(after) }];
  }
  const keys = [...new Set([...Object.keys(beforeObject), ...Object.keys(afterObject)])];
  return keys
    .filter((key) => !sameValue(beforeObject[key], afterObject[key]))
    .map((key) => ({ key, before: compactValue(beforeObject[key]), after: compactValue(afterObject[key]) }));
}

export interface AuditFilters {
  actorId: string;
  command: string;
  entityType: string;
  entityId: string;
  /** Calendar dates (yyyy-mm-dd) from date inputs, inclusive. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = {
  actorId: '',
  command: '',
  entityType: '',
  entityId: '',
  from: '',
  to: '',
};

/** Start of a calendar day, or of the next one for an inclusive upper bound, in this computer's zone. */
function dayBoundary(date: string, nextDay: boolean): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
}

/** The query string for GET /api/audit; empty filters are left out. */
export function auditSearchParams(
  filters: AuditFilters,
  limit: number,
  before?: string | null,
): URLSearchParams {
  const params = new URLSearchParams();
  const text: (keyof AuditFilters)[] = ['actorId', 'command', 'entityType', 'entityId'];
  for (const key of text) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  const from = dayBoundary(filters.from, false);
  const to = dayBoundary(filters.to, true);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  params.set('limit', String(limit));
  if (before) params.set('before', before);
  return params;
}
