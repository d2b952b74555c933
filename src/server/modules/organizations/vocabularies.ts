// The organisation's device types and visit time slots: the codes are fixed (schemas, specialties, SLA
// policies and reminders use them), but each organisation may rename them and stop offering some. The
// overrides live in the settings table under two keys; a code without one keeps its built-in name
// (null here, the app's translation on screen) and is offered. Cached briefly: every ticket creation reads them.
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { TIME_SLOTS, type TimeSlot } from '../../../domain/schedule/time-slots';
import { DEVICE_TYPES, type DeviceType } from '../../../domain/tickets';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { settings } from '../../db/schema';

export const VOCABULARY_KINDS = ['deviceTypes', 'timeSlots'] as const;
export type VocabularyKind = (typeof VOCABULARY_KINDS)[number];

export const VOCABULARY_SETTING_KEYS: Record<VocabularyKind, string> = {
  deviceTypes: 'device_types',
  timeSlots: 'time_slots',
};

export const VOCABULARY_CODES: { deviceTypes: readonly DeviceType[]; timeSlots: readonly TimeSlot[] } = {
  deviceTypes: DEVICE_TYPES,
  timeSlots: Object.keys(TIME_SLOTS) as TimeSlot[],
};

export interface VocabularyOverride {
  nameAr: string | null;
  nameEn: string | null;
  isActive: boolean;
}

export interface VocabularyEntry<Code extends string = string> extends VocabularyOverride {
  code: Code;
}

export interface Vocabularies {
  deviceTypes: Array<VocabularyEntry<DeviceType>>;
  timeSlots: Array<VocabularyEntry<TimeSlot>>;
}

/** What the settings row holds: overrides per code. Anything else stored there is ignored. */
export type VocabularySetting = Record<string, VocabularyOverride>;

const storedOverride = z.object({
  nameAr: z.string().nullable().catch(null),
  nameEn: z.string().nullable().catch(null),
  isActive: z.boolean().catch(true),
});

export function parseVocabularySetting(value: unknown): VocabularySetting {
  if (typeof value !== 'object' || value === null) return {};
  const parsed: VocabularySetting = {};
  for (const [code, raw] of Object.entries(value)) {
    const override = storedOverride.safeParse(raw);
    if (override.success) parsed[code] = override.data;
  }
  return parsed;
}

export function vocabularyEntries<Code extends string>(
  codes: readonly Code[],
  setting: VocabularySetting,
): Array<VocabularyEntry<Code>> {
  return codes.map((code) => ({
    code,
    nameAr: setting[code]?.nameAr ?? null,
    nameEn: setting[code]?.nameEn ?? null,
    isActive: setting[code]?.isActive ?? true,
  }));
}

/** Both vocabularies from one query (no cache): the admin's list and the write's starting point. */
export async function readVocabularies(db: Executor, organizationId: string): Promise<Vocabularies> {
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(
      and(
        eq(settings.organizationId, organizationId),
        inArray(settings.key, Object.values(VOCABULARY_SETTING_KEYS)),
      ),
    );
  const settingOf = (kind: VocabularyKind) =>
    parseVocabularySetting(rows.find((row) => row.key === VOCABULARY_SETTING_KEYS[kind])?.value);
  return {
    deviceTypes: vocabularyEntries(VOCABULARY_CODES.deviceTypes, settingOf('deviceTypes')),
    timeSlots: vocabularyEntries(VOCABULARY_CODES.timeSlots, settingOf('timeSlots')),
  };
}

const TTL_MS = 60_000;
const cache = new WeakMap<AppContext, Map<string, { at: number; vocabularies: Vocabularies }>>();

export async function organizationVocabularies(
  ctx: AppContext,
  organizationId: string,
): Promise<Vocabularies> {
  const perContext = cache.get(ctx) ?? new Map();
  cache.set(ctx, perContext);
  const hit = perContext.get(organizationId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.vocabularies;
  const vocabularies = await readVocabularies(ctx.db, organizationId);
  perContext.set(organizationId, { at: Date.now(), vocabularies });
  return vocabularies;
}

/** After an admin changes them; other server processes see the change within the cache's minute. */
export function forgetVocabularies(ctx: AppContext, organizationId: string): void {
  cache.get(ctx)?.delete(organizationId);
}
