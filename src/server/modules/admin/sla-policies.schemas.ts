// Request and response schemas of the SLA policy and business calendar admin API (issue 3, part 6).
import { z } from 'zod';
import { type StatusCategory, TICKET_STATUSES } from '../../../domain/lifecycle/types';
import { isDateOnly } from '../../../domain/schedule/time-slots';
import { PRIORITIES } from '../../../domain/tickets';
import { LIMITS } from '../../../domain/validations';

export const MAX_INTERVALS_PER_DAY = 6;
export const MAX_TARGET_MINUTES = 525_600;
const STATUS_CATEGORIES = [
  'open',
  'active',
  'paused',
  'done',
  'cancelled',
] as const satisfies StatusCategory[];
const WEEKDAY_KEYS = ['0', '1', '2', '3', '4', '5', '6'] as const;

const knownTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

const name = z.string().trim().min(1).max(100);
const iso = z.string();

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(20),
});
export const calendarListQuery = listQuery;
export const policyListQuery = listQuery;
export type ListQuery = z.infer<typeof listQuery>;

// ---------------------------------------------------------------- calendars

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const minuteOf = (value: string) =>
  value === '24:00' ? 1440 : Number(value.slice(0, 2)) * 60 + Number(value.slice(3));

const interval = z
  .strictObject({
    start: z.string().regex(HHMM, 'Use a time of day HH:MM between 00:00 and 23:59.'),
    end: z
      .string()
      .refine(
        (value) => value === '24:00' || HHMM.test(value),
        'Use a time of day HH:MM (or 24:00 for midnight).',
      ),
  })
  .refine((value) => !HHMM.test(value.start) || minuteOf(value.end) > minuteOf(value.start), {
    message: 'A working interval must end after it starts.',
    path: ['end'],
  });

const day = z
  .array(interval)
  .max(MAX_INTERVALS_PER_DAY, `At most ${MAX_INTERVALS_PER_DAY} working intervals per day.`)
  .default([]);

export const calendarBody = z.strictObject({
  name,
  timeZone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine(knownTimeZone, 'Unknown time zone: use an IANA name such as "Asia/Riyadh".'),
  weeklyHours: z
    .strictObject({
      '0': day,
      '1': day,
      '2': day,
      '3': day,
      '4': day,
      '5': day,
      '6': day,
    })
    .describe('Working intervals per weekday, 0 = Sunday … 6 = Saturday, in local time of timeZone.'),
  holidays: z
    .array(z.string().refine(isDateOnly, 'Use a real calendar date in the format YYYY-MM-DD.'))
    .max(366)
    .default([])
    .transform((dates) => [...new Set(dates)].sort()),
  isDefault: z.boolean().default(false),
});
export type CalendarInput = z.infer<typeof calendarBody>;

const intervalSchema = z.object({ start: z.string(), end: z.string() });
export const calendarSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  weeklyHours: z.object(Object.fromEntries(WEEKDAY_KEYS.map((key) => [key, z.array(intervalSchema)]))),
  holidays: z.array(z.string()),
  isDefault: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
});
export type CalendarView = z.infer<typeof calendarSchema>;

export const calendarResponse = z.object({ calendar: calendarSchema });
export const calendarListResponse = z.object({
  calendars: z.array(calendarSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

// ---------------------------------------------------------------- policies

const status = z.enum(TICKET_STATUSES);
const conditionText = z.string().trim().min(1).max(100);

export const conditionsSchema = z.strictObject({
  contractId: conditionText.optional(),
  customerTier: conditionText.optional(),
  category: conditionText.optional(),
  subcategory: conditionText.optional(),
  ticketType: conditionText.optional(),
  priority: z.enum(PRIORITIES).optional(),
});

const starts = z.union([
  z.strictObject({ onCreate: z.literal(true) }),
  z.strictObject({ onEnter: status }),
  z.strictObject({ atScheduledStart: z.literal(true) }),
  z.strictObject({ atComplaint: z.literal(true) }),
]);

const stops = z.strictObject({
  onEnter: z.array(status).max(TICKET_STATUSES.length).optional(),
  onLeave: status.optional(),
  onCategory: z.array(z.enum(STATUS_CATEGORIES)).max(STATUS_CATEGORIES.length).optional(),
});

export const targetSchema = z.strictObject({
  id: z.string().trim().min(1).max(40),
  kind: z.enum(['stage', 'response', 'resolution']),
  minutes: z
    .number({ error: 'A target needs a number of minutes.' })
    .int('A target’s minutes must be a whole number.')
    .min(0, 'A target’s minutes must be 0 or more: a negative threshold is not allowed.')
    .max(MAX_TARGET_MINUTES, `A target’s minutes must be at most ${MAX_TARGET_MINUTES} (one year).`),
  clock: z.enum(['business', 'wall']),
  starts,
  stops,
  activeWhileIn: z.array(status).max(TICKET_STATUSES.length).optional(),
  pausesInPausedStatuses: z.boolean().default(true),
});

const percent = z
  .number()
  .int()
  .min(1, 'Warning percents run from 1 to 100.')
  .max(100, 'Warning percents run from 1 to 100.');

export const policyBody = z.strictObject({
  name,
  conditions: conditionsSchema.default({}),
  targets: z
    .array(targetSchema)
    .min(1, 'A policy needs at least one target.')
    .max(20)
    .refine(
      (targets) => new Set(targets.map((target) => target.id)).size === targets.length,
      'Each target of a policy needs its own id.',
    ),
  warningPercents: z
    .tuple([percent, percent])
    .refine(([warning, critical]) => warning < critical, 'Warning percents must be ascending, e.g. [75, 90].')
    .default([75, 90]),
  scaleByPriority: z.boolean().default(false),
  calendarId: z.uuid().nullable().default(null),
  isActive: z.boolean().default(true),
  rank: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(0)
    .describe('Among equally specific matching policies, the lower rank wins.'),
});
export type PolicyInput = z.infer<typeof policyBody>;

export const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  conditions: z.object({
    contractId: z.string().optional(),
    customerTier: z.string().optional(),
    category: z.string().optional(),
    subcategory: z.string().optional(),
    ticketType: z.string().optional(),
    priority: z.enum(PRIORITIES).optional(),
  }),
  targets: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['stage', 'response', 'resolution']),
      minutes: z.number(),
      clock: z.enum(['business', 'wall']),
      starts: z.record(z.string(), z.union([z.literal(true), z.string()])),
      stops: z.object({
        onEnter: z.array(z.string()).optional(),
        onLeave: z.string().optional(),
        onCategory: z.array(z.string()).optional(),
      }),
      activeWhileIn: z.array(z.string()).optional(),
      pausesInPausedStatuses: z.boolean(),
    }),
  ),
  warningPercents: z.tuple([z.number().int(), z.number().int()]),
  scaleByPriority: z.boolean(),
  calendarId: z.string().nullable(),
  isActive: z.boolean(),
  rank: z.number().int(),
  createdAt: iso,
  updatedAt: iso,
});
export type PolicyView = z.infer<typeof policySchema>;

export const policyResponse = z.object({ policy: policySchema });
export const policyListResponse = z.object({
  policies: z.array(policySchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const noContent = z.undefined();
