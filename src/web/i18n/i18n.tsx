// Arabic (default, right-to-left) and English. Every visible string is a key of ar.json/en.json;
// `t('login.title')` is type-checked against ar.json, and en.json must have the same shape.
// Each language is its own chunk: the app starts after the active one has loaded (main.tsx), and
// switching loads the other before the page changes language, so no key is ever shown.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setApiLocale } from '../api/client';
import type ar from './ar.json';

export type Locale = 'ar' | 'en';
export const LOCALES: readonly Locale[] = ['ar', 'en'];
export const DEFAULT_LOCALE: Locale = 'ar';
const STORAGE_KEY = 'fieldline.locale';

type Dictionary = typeof ar;
/** A plural entry: only CLDR category keys, one string per category the language uses ("other" always). */
type Plural = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
type Entry = string | Plural;

type Keys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K}`
    : T[K] extends { other: string }
      ? keyof T[K] extends Intl.LDMLPluralRule
        ? `${Prefix}${K}`
        : Keys<T[K], `${Prefix}${K}.`>
      : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Keys<Dictionary>;
export type MessageVars = Record<string, string | number>;

// English must provide every Arabic key (a missing one fails the typecheck; extra ones the i18n test).
const LOADERS: Record<Locale, () => Promise<Dictionary>> = {
  ar: async () => (await import('./ar.json')).default,
  en: async () => {
    const english: Dictionary = (await import('./en.json')).default;
    return english;
  },
};
const DICTIONARIES: Partial<Record<Locale, Dictionary>> = {};
const loading: Partial<Record<Locale, Promise<void>>> = {};

/** Loads a language's texts once; translate() needs them. */
export function loadLocale(locale: Locale): Promise<void> {
  if (DICTIONARIES[locale]) return Promise.resolve();
  loading[locale] ??= LOADERS[locale]().then(
    (dictionary) => {
      DICTIONARIES[locale] = dictionary;
    },
    (error: unknown) => {
      delete loading[locale];
      throw error;
    },
  );
  return loading[locale];
}

export const isLocaleLoaded = (locale: Locale) => DICTIONARIES[locale] !== undefined;

/** Intl locale tags: Gregorian calendar and Latin digits in Arabic, like phone and ticket numbers. */
export const INTL_LOCALE: Record<Locale, string> = { ar: 'ar-u-nu-latn', en: 'en-GB' };

function lookup(dictionary: Dictionary, key: string): Entry | undefined {
  let node: unknown = dictionary;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' || (typeof node === 'object' && node !== null)
    ? (node as Entry)
    : undefined;
}

export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const dictionary = DICTIONARIES[locale];
  const entry = dictionary && lookup(dictionary, key);
  if (entry === undefined) return key;
  let text: string;
  if (typeof entry === 'string') text = entry;
  else {
    const count = Number(vars?.count ?? 0);
    const category = new Intl.PluralRules(INTL_LOCALE[locale]).select(count);
    text = entry[category] ?? entry.other;
  }
  if (!vars) return text;
  const numbers = new Intl.NumberFormat(INTL_LOCALE[locale]);
  return text.replace(/\{\{(\w+)\}\}/g, (match, name: string) => {
    const value = vars[name];
    if (value === undefined) return match;
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}

export function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'ar' ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** The document follows the language: lang and dir on <html>, read by CSS and screen readers. */
export function applyLocaleToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = locale === 'ar' ? 'rtl' : 'ltr';
  setApiLocale(locale);
}

interface I18nValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: MessageVars): string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  useEffect(() => applyLocaleToDocument(locale), [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private modes may refuse storage: the choice then lasts for this page only.
    }
    // The page keeps its language until the other one's texts have arrived. If they cannot load
    // (offline), the choice is stored and applies at the next visit.
    loadLocale(next).then(
      () => setLocaleState(next),
      () => {},
    );
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export const useT = () => useI18n().t;
