/**
 * The resource form's text values ↔ the resource request: money and percentages typed the
 * business's way, any number of opening intervals per weekday, closed dates one per line, and rule
 * overrides where an empty field means "the business's default".
 */
import type {
  BookingRules,
  BookingRulesOverride,
  BookingSettings,
  OpeningInterval,
  ResourceCreateRequest,
  ResourceType,
  ResourceView,
} from '../../contract';
import { moneyInputText, parseMoneyInput, parsePercentInput, percentInputText } from '../../decimal-input';

export const RULE_FIELDS = [
  'minDurationMin',
  'maxDurationMin',
  'slotGranularityMin',
  'bufferBeforeMin',
  'bufferAfterMin',
  'minNoticeMin',
  'maxAdvanceDays',
  'cancellationWindowMin',
  'checkInBeforeMin',
  'checkInAfterMin',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export type Tristate = '' | 'yes' | 'no';

/** One opening interval of a day as typed, 'HH:MM'. */
export interface TimeInterval {
  open: string;
  close: string;
}

/** Monday first; a day without intervals is closed. */
export type WeekHours = TimeInterval[][];

export interface ResourceFormValues {
  type: ResourceType;
  name: string;
  capacity: string;
  locationId: string;
  amenities: string;
  photo: string | null;
  pricePerHour: string;
  pricePerHalfDay: string;
  pricePerDay: string;
  taxRate: string;
  ownHours: boolean;
  hours: WeekHours;
  closedDates: string;
  active: boolean;
  rules: Record<RuleField, string>;
  approvalRequired: Tristate;
  releaseOnNoShow: Tristate;
  lateFeeKind: '' | 'none' | 'amount' | 'percent';
  lateFeeValue: string;
}

const WEEK = [1, 2, 3, 4, 5, 6, 7] as const;
const emptyRules = () => Object.fromEntries(RULE_FIELDS.map((f) => [f, ''])) as Record<RuleField, string>;

export function blankResource(locationId: string): ResourceFormValues {
  return {
    type: 'meeting_room',
    name: '',
    capacity: '1',
    locationId,
    amenities: '',
    photo: null,
    pricePerHour: '',
    pricePerHalfDay: '',
    pricePerDay: '',
    taxRate: '',
    ownHours: false,
    hours: WEEK.map((d) => (d <= 5 ? [{ open: '09:00', close: '18:00' }] : [])),
    closedDates: '',
    active: true,
    rules: emptyRules(),
    approvalRequired: '',
    releaseOnNoShow: '',
    lateFeeKind: '',
    lateFeeValue: '',
  };
}

const tristate = (value: boolean | undefined): Tristate => (value === undefined ? '' : value ? 'yes' : 'no');

export function resourceValues(r: ResourceView, locale: string): ResourceFormValues {
  const money = (minor: number | null) => (minor === null ? '' : moneyInputText(minor, r.currency, locale));
  const rules = emptyRules();
  for (const field of RULE_FIELDS) {
    const value = r.rules[field];
    if (value !== undefined) rules[field] = String(value);
  }
  const fee = r.rules.lateFee;
  return {
    type: r.type,
    name: r.name,
    capacity: String(r.capacity),
    locationId: r.locationId,
    amenities: r.amenities.join(', '),
    photo: r.photo,
    pricePerHour: money(r.pricePerHour),
    pricePerHalfDay: money(r.pricePerHalfDay),
    pricePerDay: money(r.pricePerDay),
    taxRate: r.taxRateBp ? percentInputText(r.taxRateBp, locale) : '',
    ownHours: r.openingHours !== null,
    hours: hoursOf(r.openingHours ?? r.effectiveOpeningHours),
    closedDates: r.closedDates.join('\n'),
    active: r.active,
    rules,
    approvalRequired: tristate(r.rules.approvalRequired),
    releaseOnNoShow: tristate(r.rules.releaseOnNoShow),
    lateFeeKind: fee?.kind ?? '',
    lateFeeValue:
      fee?.kind === 'amount'
        ? moneyInputText(fee.amount, r.currency, locale)
        : fee?.kind === 'percent'
          ? percentInputText(fee.bp, locale)
          : '',
  };
}

export class FormInvalid extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('form-invalid');
  }
}

/** The request body, or FormInvalid naming each bad field with a code. */
export function resourceRequest(
  v: ResourceFormValues,
  currency: string,
  locale: string,
): Omit<ResourceCreateRequest, 'id'> & { rules: BookingRulesOverride } {
  const errors: Record<string, string> = {};
  const money = (field: string, text: string, required: boolean): number | null => {
    if (!text.trim()) {
      if (required) errors[field] = 'amount-required';
      return null;
    }
    const parsed = parseMoneyInput(text, currency, locale);
    if (!parsed.ok) errors[field] = parsed.code;
    return parsed.ok ? parsed.value : null;
  };
  const whole = (field: string, text: string): number | undefined => {
    if (!text.trim()) return undefined;
    const n = Number(text.trim());
    if (!Number.isInteger(n) || n < 0) errors[field] = 'whole-number-required';
    return n;
  };

  const pricePerHour = money('pricePerHour', v.pricePerHour, true) ?? 0;
  const pricePerHalfDay = money('pricePerHalfDay', v.pricePerHalfDay, false);
  const pricePerDay = money('pricePerDay', v.pricePerDay, false);
  let taxRateBp = 0;
  if (v.taxRate.trim()) {
    const parsed = parsePercentInput(v.taxRate, locale);
    if (parsed.ok) taxRateBp = parsed.value;
    else errors.taxRateBp = parsed.code;
  }
  const capacity = whole('capacity', v.capacity) ?? 0;
  if (capacity < 1) errors.capacity = 'capacity-required';

  const rules: BookingRulesOverride = {};
  for (const field of RULE_FIELDS) {
    const value = whole(`rules.${field}`, v.rules[field]);
    if (value !== undefined) rules[field] = value;
  }
  if (v.approvalRequired) rules.approvalRequired = v.approvalRequired === 'yes';
  if (v.releaseOnNoShow) rules.releaseOnNoShow = v.releaseOnNoShow === 'yes';
  if (v.lateFeeKind === 'none') rules.lateFee = { kind: 'none' };
  if (v.lateFeeKind === 'amount') {
    rules.lateFee = { kind: 'amount', amount: money('rules.lateFee', v.lateFeeValue, true) ?? 0 };
  }
  if (v.lateFeeKind === 'percent') {
    const parsed = parsePercentInput(v.lateFeeValue, locale);
    if (!parsed.ok) errors['rules.lateFee'] = parsed.code;
    rules.lateFee = { kind: 'percent', bp: parsed.ok ? parsed.value : 0 };
  }

  const openingHours: OpeningInterval[] | null = v.ownHours ? intervalsOf(v.hours, errors) : null;
  const closedDates = v.closedDates
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
  if (closedDates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d))) errors.closedDates = 'invalid-date';

  if (Object.keys(errors).length > 0) throw new FormInvalid(errors);
  return {
    type: v.type,
    name: v.name,
    capacity,
    locationId: v.locationId,
    amenities: v.amenities
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    photo: v.photo,
    pricePerHour,
    pricePerHalfDay,
    pricePerDay,
    taxRateBp,
    openingHours,
    closedDates,
    active: v.active,
    rules,
  };
}

/** The business-wide rules, hours and closed dates (PUT /api/bookings/settings) as form text. */
export interface SettingsFormValues {
  rules: Record<RuleField, string>;
  approvalRequired: boolean;
  releaseOnNoShow: boolean;
  lateFeeKind: 'none' | 'amount' | 'percent';
  lateFeeValue: string;
  hours: WeekHours;
  closedDates: string;
}

export function settingsValues(s: BookingSettings, currency: string, locale: string): SettingsFormValues {
  const rules = emptyRules();
  for (const field of RULE_FIELDS) rules[field] = String(s.rules[field]);
  const fee = s.rules.lateFee;
  return {
    rules,
    approvalRequired: s.rules.approvalRequired,
    releaseOnNoShow: s.rules.releaseOnNoShow,
    lateFeeKind: fee.kind,
    lateFeeValue:
      fee.kind === 'amount'
        ? moneyInputText(fee.amount, currency, locale)
        : fee.kind === 'percent'
          ? percentInputText(fee.bp, locale)
          : '',
    hours: hoursOf(s.openingHours),
    closedDates: s.closedDates.join('\n'),
  };
}

/** Every stored interval, each weekday's sorted by opening time. */
export function hoursOf(intervals: readonly OpeningInterval[]): WeekHours {
  return WEEK.map((weekday) =>
    intervals
      .filter((i) => i.weekday === weekday)
      .map(({ open, close }) => ({ open, close }))
      .sort((a, b) => a.open.localeCompare(b.open) || a.close.localeCompare(b.close)),
  );
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/**
 * The request's intervals in the form's order (so `openingHours.N` of a server error is the
 * N-th interval on screen), adding an error for each bad one under that same key: a missing or
 * malformed time, a close not after the open, or an interval overlapping another of its day.
 */
export function intervalsOf(hours: WeekHours, errors: Record<string, string>): OpeningInterval[] {
  const flat = hours.flatMap((day, d) => day.map((i) => ({ weekday: d + 1, open: i.open, close: i.close })));
  flat.forEach((i, n) => {
    if (!HHMM.test(i.open)) errors[`openingHours.${n}.open`] = i.open ? 'invalid-time' : 'time-required';
    if (!HHMM.test(i.close)) errors[`openingHours.${n}.close`] = i.close ? 'invalid-time' : 'time-required';
    if (HHMM.test(i.open) && HHMM.test(i.close) && i.close <= i.open)
      errors[`openingHours.${n}.close`] = 'close-not-after-open';
  });
  const valid = flat
    .map((i, n) => ({ ...i, n }))
    .filter((i) => HHMM.test(i.open) && HHMM.test(i.close) && i.open < i.close);
  for (const i of valid) {
    const overlapped = valid.some(
      (j) => j.n < i.n && j.weekday === i.weekday && j.open < i.close && i.open < j.close,
    );
    if (overlapped) errors[`openingHours.${i.n}.open`] ??= 'intervals-overlap';
  }
  return flat;
}

/** The per-interval keys a server error can name (`openingHours.N.open|close`), most precise first. */
export function openingHoursControls(hours: WeekHours): string[] {
  return hours.flat().flatMap((_, n) => [`openingHours.${n}.open`, `openingHours.${n}.close`]);
}

export function settingsRequest(v: SettingsFormValues, currency: string, locale: string): BookingSettings {
  const errors: Record<string, string> = {};
  const rules = {} as Record<RuleField, number>;
  for (const field of RULE_FIELDS) {
    const n = Number(v.rules[field].trim());
    if (!v.rules[field].trim() || !Number.isInteger(n) || n < 0)
      errors[`rules.${field}`] = 'whole-number-required';
    rules[field] = n;
  }
  let lateFee: BookingRules['lateFee'] = { kind: 'none' };
  if (v.lateFeeKind === 'amount') {
    const parsed = parseMoneyInput(v.lateFeeValue, currency, locale);
    if (!parsed.ok) errors['rules.lateFee'] = parsed.code;
    lateFee = { kind: 'amount', amount: parsed.ok ? parsed.value : 0 };
  } else if (v.lateFeeKind === 'percent') {
    const parsed = parsePercentInput(v.lateFeeValue, locale);
    if (!parsed.ok) errors['rules.lateFee'] = parsed.code;
    lateFee = { kind: 'percent', bp: parsed.ok ? parsed.value : 0 };
  }
  const openingHours = intervalsOf(v.hours, errors);
  const closedDates = v.closedDates
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
  if (closedDates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d))) errors.closedDates = 'invalid-date';
  if (Object.keys(errors).length > 0) throw new FormInvalid(errors);
  return {
    rules: { ...rules, approvalRequired: v.approvalRequired, releaseOnNoShow: v.releaseOnNoShow, lateFee },
    openingHours,
    closedDates,
  };
}

/**
 * A server problem's field errors keyed by the form's controls (`openingHours.2.close` shows on
 * the opening hours), and whether the form alert must carry the problem because some field has
 * no control to show it on.
 */
export function placeFieldErrors(
  byField: Record<string, string>,
  controls: readonly string[],
): { errors: Record<string, string>; unplaced: boolean } {
  const errors: Record<string, string> = {};
  let unplaced = false;
  for (const [field, code] of Object.entries(byField)) {
    const control = controls.find((c) => field === c || field.startsWith(`${c}.`));
    if (control) errors[control] ??= code;
    else unplaced = true;
  }
  return { errors, unplaced };
}
