import { useMemo } from 'react';
import type { Unit } from '../contract';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../format';
import { useT } from '../i18n';
import { useTenantSession } from '../stores/session';

/** Money, quantities and dates the business's way, for the catalog, stock and purchasing screens. */
export function useBusinessFormat() {
  const t = useT();
  const { tenant } = useTenantSession();
  return useMemo(
    () => ({
      currency: tenant.currency,
      locale: tenant.locale,
      money: (minor: number) => formatMoney(minor, tenant.currency, tenant.locale),
      /** A quantity with its unit when the API gives one: "1,5 kg", "3 ud.". */
      qty: (value: number, unit?: Unit) => {
        const number = formatNumber(value, tenant.locale, { maximumFractionDigits: 3 });
        return unit ? `${number} ${t(`unit.short.${unit}`)}` : number;
      },
      percent: (basisPoints: number) =>
        formatNumber(basisPoints / 10_000, tenant.locale, { style: 'percent', maximumFractionDigits: 2 }),
      date: (iso: string) => formatDate(iso, tenant),
      dateTime: (iso: string) => formatDateTime(iso, tenant),
      /** A calendar date (`2026-11-25`, e.g. an invoice's issue date): the same day in every time zone. */
      day: (date: string) => formatDate(`${date}T12:00:00Z`, { locale: tenant.locale, timeZone: 'UTC' }),
    }),
    [t, tenant],
  );
}
