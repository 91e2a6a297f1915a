import { formatNumber } from '../../format';
import { isMessageKey, type Translator } from '../../i18n';

/** Credit minutes as hours the business's way: "10 h", "1,5 h", "-0,25 h". */
export function hoursText(t: Translator, minutes: number, locale: string): string {
  return t('members.hours', { hours: formatNumber(minutes / 60, locale, { maximumFractionDigits: 2 }) });
}

/** A resource type's name; an unknown type (from a newer device) shows as it is. */
export function resourceTypeText(t: Translator, type: string): string {
  const key = `members.resourceType.${type}`;
  return isMessageKey(key) ? t(key) : type;
}
