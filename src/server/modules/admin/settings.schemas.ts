// Request and response schemas of the admin settings API: service cities, device types and time slots,
// and notification templates.
import { z } from 'zod';
import { LIMITS } from '../../../domain/validations';
import { NOTIFICATION_LOCALES, type NotificationLocale } from '../notifications/templates';

// ---------------------------------------------------------------- cities

const CITY_CODE = /^[a-z][a-z0-9_-]{1,39}$/;
const ARABIC_LETTER = /\p{Script=Arabic}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

const cityName = z.string().trim().min(2, 'A city name needs at least 2 characters.').max(80);

const coordinates = {
  latitude: z
    .number({ error: 'The latitude must be a number.' })
    .min(-90, 'The latitude runs from -90 to 90.')
    .max(90, 'The latitude runs from -90 to 90.')
    .nullable()
    .default(null),
  longitude: z
    .number({ error: 'The longitude must be a number.' })
    .min(-180, 'The longitude runs from -180 to 180.')
    .max(180, 'The longitude runs from -180 to 180.')
    .nullable()
    .default(null),
};

const cityFields = {
  nameAr: cityName.refine((value) => ARABIC_LETTER.test(value), 'Write the Arabic name in Arabic letters.'),
  nameEn: cityName.refine((value) => LATIN_LETTER.test(value), 'Write the English name in Latin letters.'),
  ...coordinates,
};

const bothOrNeither = (value: { latitude: number | null; longitude: number | null }) =>
  (value.latitude === null) === (value.longitude === null);
const bothOrNeitherIssue = {
  message: 'Give both the latitude and the longitude, or neither.',
  path: ['longitude'],
};

export const cityCreateBody = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(
        CITY_CODE,
        'The code is 2 to 40 lowercase Latin letters, digits, "-" or "_", starting with a letter (e.g. "riyadh").',
      ),
    ...cityFields,
  })
  .refine(bothOrNeither, bothOrNeitherIssue);
export type CityCreateInput = z.infer<typeof cityCreateBody>;

/** The code is the key tickets and technicians' service areas refer to: it never changes. */
export const cityUpdateBody = z
  .strictObject({ ...cityFields, isActive: z.boolean().default(true) })
  .refine(bothOrNeither, bothOrNeitherIssue);
export type CityUpdateInput = z.infer<typeof cityUpdateBody>;

export const cityListQuery = z.object({
  status: z.enum(['all', 'active', 'inactive']).default('all'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(50),
});
export type CityListQuery = z.infer<typeof cityListQuery>;

export const citySchema = z.object({
  id: z.string(),
  code: z.string(),
  nameAr: z.string(),
  nameEn: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  isActive: z.boolean(),
  createdAt: z.string(),
});
export type CityAdminView = z.infer<typeof citySchema>;

export const cityResponse = z.object({ city: citySchema });
export const cityListResponse = z.object({
  cities: z.array(citySchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});
export const cityRemovalResponse = z.object({
  outcome: z
    .enum(['deleted', 'deactivated'])
    .describe('A city that tickets or technicians refer to is deactivated instead of deleted.'),
  city: citySchema,
});

// ---------------------------------------------------------------- notification templates

export const templateParams = z.strictObject({
  name: z.string().min(1).max(60),
  locale: z.enum(NOTIFICATION_LOCALES as [NotificationLocale, ...NotificationLocale[]], {
    error: 'The language is "ar" or "en".',
  }),
});

export const templateBody = z.strictObject({
  subject: z
    .string()
    .trim()
    .max(200, 'The subject may be at most 200 characters.')
    .refine((value) => !/[\r\n]/.test(value), 'The subject is one line.')
    .nullable()
    .default(null)
    .transform((value) => value || null),
  body: z
    .string()
    .trim()
    .min(1, 'The message text cannot be empty.')
    .max(1000, 'The message text may be at most 1000 characters.'),
});
export type TemplateInput = z.infer<typeof templateBody>;

const localeText = z.object({
  builtIn: z.string().describe('The text sent when there is no override, with its {{placeholders}}.'),
  override: z.object({ subject: z.string().nullable(), body: z.string(), updatedAt: z.string() }).nullable(),
});

export const templateSchema = z.object({
  name: z.string(),
  placeholders: z.array(z.string()),
  requiredPlaceholders: z.array(z.string()),
  locales: z.object({ ar: localeText, en: localeText }),
});
export type TemplateView = z.infer<typeof templateSchema>;

export const templateListResponse = z.object({ templates: z.array(templateSchema) });
export const templateResponse = z.object({ template: templateSchema });

// ---------------------------------------------------------------- device types and time slots

/** The URL names the two vocabularies; the codes inside them are fixed. */
export const VOCABULARY_PATHS = { 'device-types': 'deviceTypes', 'time-slots': 'timeSlots' } as const;

export const vocabularyParams = z.strictObject({
  kind: z.enum(['device-types', 'time-slots'], { error: 'The list is "device-types" or "time-slots".' }),
  code: z.string().min(1).max(40),
});

const vocabularyName = (language: string) =>
  z
    .string()
    .trim()
    .min(1, `The ${language} name needs 1 to 60 characters; send null to use the built-in name.`)
    .max(60, `The ${language} name may be at most 60 characters.`);

export const vocabularyBody = z.strictObject({
  nameAr: vocabularyName('Arabic')
    .refine((value) => ARABIC_LETTER.test(value), 'Write the Arabic name in Arabic letters.')
    .nullable()
    .describe('null: the built-in Arabic name.'),
  nameEn: vocabularyName('English')
    .refine((value) => LATIN_LETTER.test(value), 'Write the English name in Latin letters.')
    .nullable()
    .describe('null: the built-in English name.'),
  isActive: z.boolean({ error: 'Say whether customers are offered it (true or false).' }),
});
export type VocabularyInput = z.infer<typeof vocabularyBody>;

const vocabularyEntry = z.object({
  code: z.string(),
  nameAr: z.string().nullable(),
  nameEn: z.string().nullable(),
  isActive: z.boolean(),
});

const timeSlotEntry = vocabularyEntry.extend({
  startHour: z.number().int().describe('Local wall-clock hour in the organisation’s time zone.'),
  endHour: z.number().int(),
});

export const vocabulariesResponse = z.object({
  deviceTypes: z.array(vocabularyEntry),
  timeSlots: z.array(timeSlotEntry),
});
export type VocabulariesView = z.infer<typeof vocabulariesResponse>;
