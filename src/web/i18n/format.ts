// Dates, times and numbers in the reader's language and the organisation's time zone.
import { useMemo } from 'react';
import { FALLBACK_TIME_ZONE, useOrganization } from '../api/organization';
import { INTL_LOCALE, type Locale, useI18n } from './i18n';

export function createFormatters(locale: Locale, timeZone: string) {
  const tag = INTL_LOCALE[locale];
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone });
  const number = new Intl.NumberFormat(tag);
  const asDate = (value: Date | string) => (typeof value === 'string' ? new Date(value) : value);
  return {
    timeZone,
    date: (value: Date | string) => date.format(asDate(value)),
    dateTime: (value: Date | string) => dateTime.format(asDate(value)),
    time: (value: Date | string) => time.format(asDate(value)),
    number: (value: number) => number.format(value),
  };
}

export type Formatters = ReturnType<typeof createFormatters>;

export function useFormat(): Formatters {
  const { locale } = useI18n();
  const timeZone = useOrganization().data?.timeZone ?? FALLBACK_TIME_ZONE;
  return useMemo(() => createFormatters(locale, timeZone), [locale, timeZone]);
}
