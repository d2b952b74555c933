// Dates, times and numbers in the reader's language and the organisation's time zone, and the
// organisation's own names of device types and time slots.
import { useMemo } from 'react';
import type { TimeSlot } from '../../domain/schedule/time-slots';
import type { DeviceType } from '../../domain/tickets';
import {
  FALLBACK_TIME_ZONE,
  useOrganization,
  useVocabularyNames,
  type VocabularyNames,
} from '../api/organization';
import { INTL_LOCALE, type Locale, translate, useI18n } from './i18n';

type NamedEntry = VocabularyNames['deviceTypes'][number] | VocabularyNames['timeSlots'][number];

function ownName(entries: NamedEntry[] | undefined, code: string, locale: Locale): string | null {
  const entry = entries?.find((item) => item.code === code);
  return (locale === 'ar' ? entry?.nameAr : entry?.nameEn) ?? null;
}

export function createFormatters(locale: Locale, timeZone: string, names?: VocabularyNames) {
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
    /** The organisation's name of a device type, else the built-in one. */
    deviceType: (code: DeviceType) =>
      ownName(names?.deviceTypes, code, locale) ?? translate(locale, `deviceTypes.${code}`),
    /** The organisation's name of a visit time slot, else the built-in one. */
    timeSlot: (code: TimeSlot) =>
      ownName(names?.timeSlots, code, locale) ?? translate(locale, `timeSlots.${code}`),
  };
}

export type Formatters = ReturnType<typeof createFormatters>;

export function useFormat(): Formatters {
  const { locale } = useI18n();
  const timeZone = useOrganization().data?.timeZone ?? FALLBACK_TIME_ZONE;
  const names = useVocabularyNames().data;
  return useMemo(() => createFormatters(locale, timeZone, names), [locale, timeZone, names]);
}
