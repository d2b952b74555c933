import { beforeAll, describe, expect, it } from 'vitest';
import ar from './ar.json';
import en from './en.json';
import { loadLocale, translate } from './i18n';

function entries(node: unknown, prefix = ''): Array<[string, string]> {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    entries(value, prefix ? `${prefix}.${key}` : key),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe('locale files', () => {
  const arabic = new Map(entries(ar));
  const english = new Map(entries(en));

  it('have exactly the same keys', () => {
    expect([...english.keys()].sort()).toEqual([...arabic.keys()].sort());
  });

  it('use the same {{placeholders}} in both languages, and no empty text', () => {
    for (const [key, text] of arabic) {
      expect({ key, vars: placeholders(english.get(key) ?? '') }).toEqual({ key, vars: placeholders(text) });
      expect({ key, empty: text.trim() === '' || english.get(key)?.trim() === '' }).toEqual({
        key,
        empty: false,
      });
    }
  });
});

describe('translate', () => {
  beforeAll(() => Promise.all([loadLocale('ar'), loadLocale('en')]));

  it('fills placeholders, formatting numbers in the language', () => {
    expect(translate('ar', 'session.signedInAs', { name: 'سارة' })).toBe('مسجل الدخول باسم سارة');
    expect(translate('en', 'session.signedInAs', { name: 'Sara' })).toBe('Signed in as Sara');
    expect(translate('en', 'forbidden.message', { role: 1234 })).toBe(
      'Your account (1,234) has no access to this portal.',
    );
  });
});
