/** One formatter per time zone: making an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in a time zone: what "today" means for the
 * business at `instant` (an issue date, a quote's validity, a membership's period). The one
 * place this is computed (invoicing's `businessToday`, members' `localDay` and the printed
 * documents use it).
 */
export function localDate(instant: string, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format.format(new Date(instant));
}
