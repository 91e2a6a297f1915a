/** Pure helpers of Settings → Sync: ages in words and problems in plain words. */
import {
  can,
  type Problem,
  type SessionInfo,
  type SyncConflictView,
  type SyncLastError,
  type SyncStatus,
} from '../../../contract';
import { type FormatContext, formatDate, formatDateTime, formatMoney, formatTime } from '../../../format';
import { isMessageKey, type MessageKey, type Translator } from '../../../i18n';
import { canRead } from '../../../nav';

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "hace 3 min", "hace 2 h", "ahora": how long ago `iso` was, at `now`, in `locale`. */
export function relativeAge(iso: string, now: number, locale: string): string {
  const elapsed = Math.max(0, now - Date.parse(iso));
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms || unit === 'second') {
      const amount = Math.floor(elapsed / ms);
      // Under ten seconds reads as "now": the status is polled every few seconds anyway.
      if (unit === 'second' && amount < 10) return format.format(0, 'second');
      return format.format(-amount, unit);
    }
  }
  return format.format(0, 'second');
}

/** The message of a problem from the sync or enrollment routes: ours for a known code, else the server's words. */
export function syncProblemText(problem: Problem, t: Translator): string {
  const key = `errors.${problem.code}`;
  if (isMessageKey(key)) return t(key);
  return problem.detail?.trim() || t.error(problem.code);
}

/** Field errors of the enroll and join forms: the hub URL gets an example of a valid address. */
export function enrollFieldError(
  field: 'hubUrl' | 'code' | 'deviceName',
  code: string,
  t: Translator,
): string {
  if (
    field === 'hubUrl' &&
    (code === 'invalid-format' || code === 'invalid-url' || code === 'invalid-string')
  )
    return t('sync.enroll.hubUrlInvalid');
  return t.error(code);
}

/** The key explaining a state in a sentence, for the status panel. */
export function explainKey(state: string): MessageKey {
  const key = `sync.explain.${state}`;
  return isMessageKey(key) ? key : 'sync.statusUnavailable';
}

/**
 * The status panel's explanation: the state in a sentence, then what waits for people. An 'error'
 * with no failed round is only stuck changes (dead letters, changes the hub set aside: status.ts):
 * nothing retries those by itself, so the error's "retried automatically" is not said, and the
 * stuck changes are said to wait for someone's Retry whatever the state. With conflicts to
 * review, 'synced' says only that nothing is left to send (a refused change is not on the hub).
 */
export function syncExplanation(
  status: Pick<SyncStatus, 'state' | 'lastError' | 'deadLetters' | 'conflicts'>,
  t: Translator,
): string {
  const stuck = status.deadLetters > 0;
  const review = status.conflicts > 0;
  const onlyStuck = status.state === 'error' && status.lastError === null && stuck;
  const sentences: string[] = [];
  if (status.state === 'synced' && review) sentences.push(t('sync.explain.sent'));
  else if (!onlyStuck) sentences.push(t(explainKey(status.state)));
  if (stuck) sentences.push(t.plural('sync.explain.stuck', status.deadLetters));
  if (review) sentences.push(t.plural('sync.explain.toReview', status.conflicts));
  return sentences.join(' ');
}

export function stateKey(state: string): MessageKey {
  const key = `sync.state.${state}`;
  return isMessageKey(key) ? key : 'sync.unknown';
}

/** What a viewer may do on Settings → Sync; support mode reads the lists and changes nothing. */
export interface SyncPermissions {
  /** Connect this console to a hub (business.manage: OWNER). */
  enroll: boolean;
  /** "Sincronizar ahora" (sync.manage: OWNER/ADMIN). */
  syncNow: boolean;
  /** See the dead letters and the conflicts inbox. */
  lists: boolean;
  /** Retry a dead letter. */
  retry: boolean;
}

export function syncPermissions(viewer: Pick<SessionInfo, 'role' | 'supportMode'>): SyncPermissions {
  const writes = !viewer.supportMode;
  return {
    enroll: writes && can(viewer.role, 'business.manage'),
    syncNow: writes && can(viewer.role, 'sync.manage'),
    lists: canRead(viewer, 'sync.manage'),
    retry: writes && can(viewer.role, 'sync.manage'),
  };
}

type Slot = NonNullable<SyncConflictView['suggestedSlots']>[number];

/** A suggested free slot in the business's zone: "27 nov 2026, 11:00 – 12:00", the date twice only when it changes. */
export function slotText(slot: Slot, ctx: FormatContext): string {
  const sameDay = formatDate(slot.startsAt, ctx) === formatDate(slot.endsAt, ctx);
  const end = sameDay ? formatTime(slot.endsAt, ctx) : formatDateTime(slot.endsAt, ctx);
  return `${formatDateTime(slot.startsAt, ctx)} – ${end}`;
}

/** Earliest first, as people scan for the next free time. */
export function sortedSlots(slots: readonly Slot[] | undefined): Slot[] {
  return [...(slots ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** How a "Sincronizar ahora" round went, from the status it answered. */
export interface SyncNowOutcome {
  ok: boolean;
  text: string;
}

export function syncNowOutcome(status: SyncStatus | undefined, t: Translator): SyncNowOutcome {
  if (!status) return { ok: true, text: t('sync.nowDone') };
  switch (status.state) {
    case 'offline':
      return { ok: false, text: t('sync.nowOffline') };
    case 'error':
      return {
        ok: false,
        // No failed round: the error is changes stuck here, waiting for someone's Retry.
        text: status.lastError
          ? lastErrorText(status.lastError, t)
          : status.deadLetters > 0
            ? t.plural('sync.explain.stuck', status.deadLetters)
            : t(explainKey('error')),
      };
    case 'revoked':
    case 'too-old':
      return { ok: false, text: t(explainKey(status.state)) };
    default:
      return status.pendingOps > 0
        ? { ok: true, text: t.plural('sync.nowLeft', status.pendingOps) }
        : { ok: true, text: t('sync.nowDone') };
  }
}

/** An operation named for people ("Alta de producto"); its code when this console has no name for it. */
export function commandLabel(command: string, t: Translator): string {
  const key = `sync.command.${command}`;
  return isMessageKey(key) ? t(key) : command;
}

/**
 * The hub's reason for refusing or setting aside a change, in the viewer's language: ours for
 * the hub's sync codes, the domain's error message for a domain refusal (e.g. 'sku-taken'),
 * null when the code is new to this console (then the hub's words are all there is).
 */
export function reasonText(code: string, t: Translator): string | null {
  for (const key of [`sync.reason.${code}`, `errors.${code}`]) if (isMessageKey(key)) return t(key);
  return null;
}

/** The last sync failure in the viewer's language (the raw message is shown apart as a detail). */
export function lastErrorText(error: Pick<SyncLastError, 'code' | 'message'>, t: Translator): string {
  const key = `sync.lastErrorCode.${error.code}`;
  return isMessageKey(key) ? t(key) : error.message;
}

/**
 * A refused change's document numbers, printed at the counter but held by no document on the hub:
 * what staff look for in the paper copies. Null when it numbered none.
 */
export function documentsText(item: SyncConflictView, t: Translator): string | null {
  if (!item.documents || item.documents.length === 0) return null;
  return t.plural('sync.conflicts.documents', item.documents.length, { numbers: item.documents.join(', ') });
}

/**
 * The line under a conflict's title: what happened, in the viewer's language; `number` and `money`
 * (minor units of a currency) write amounts the business's way (money in the viewer's language's
 * way when not given).
 */
export function conflictText(
  item: SyncConflictView,
  t: Translator,
  number: (n: number) => string,
  money: (minor: number, currency: string) => string = (minor, currency) =>
    formatMoney(minor, currency, t.lang),
): string {
  if (item.kind === 'oversell' && item.oversell)
    return t('sync.conflicts.oversell', {
      product: item.oversell.productName,
      onHand: number(item.oversell.onHand),
    });
  if (item.kind === 'invoice-overpaid' && item.invoiceOverpaid) {
    const owed = item.invoiceOverpaid;
    return t(owed.voided ? 'sync.conflicts.invoiceOverpaidVoid' : 'sync.conflicts.invoiceOverpaid', {
      number: owed.number ?? '',
      customer: owed.customerName ?? t('sync.conflicts.unnamedCustomer'),
      amount: money(owed.refundDue, owed.currency),
    });
  }
  if (item.kind === 'invoice-overgiven' && item.invoiceOvergiven) {
    const over = item.invoiceOvergiven;
    return t(over.voided ? 'sync.conflicts.invoiceOvergivenVoid' : 'sync.conflicts.invoiceOvergiven', {
      number: over.number ?? '',
      customer: over.customerName ?? t('sync.conflicts.unnamedCustomer'),
      amount: money(over.overGiven, over.currency),
    });
  }
  const label = item.command ? commandLabel(item.command, t) : null;
  const reason = item.reason ? reasonText(item.reason.code, t) : null;
  const words = reason ?? item.reason?.message ?? item.summary;
  return label && item.kind === 'op-rejected' ? `${label}: ${words}` : words;
}
