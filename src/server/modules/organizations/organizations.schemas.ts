import { z } from 'zod';
import { TIME_SLOTS, type TimeSlot } from '../../../domain/schedule/time-slots';
import { DEVICE_TYPES } from '../../../domain/tickets';

/** What any visitor may know about the organisation: the web app formats dates in its time zone. */
export const publicOrganizationResponse = z.object({
  name: z.string(),
  timeZone: z.string(),
  defaultLocale: z.string(),
});

/** The tile server of the web app's maps (a Leaflet URL template) and its attribution. */
export const mapSettingsResponse = z.object({ tileUrl: z.string(), attribution: z.string() });

const vocabularyName = <Code extends string>(codes: readonly [Code, ...Code[]]) =>
  z.object({
    code: z.enum(codes),
    nameAr: z.string().nullable().describe('null: the app shows its built-in name.'),
    nameEn: z.string().nullable().describe('null: the app shows its built-in name.'),
  });

/**
 * The organisation's names for every device type and time slot, offered or not: old tickets keep
 * showing the names of codes no longer offered.
 */
export const vocabularyNamesResponse = z.object({
  deviceTypes: z.array(vocabularyName(DEVICE_TYPES)),
  timeSlots: z.array(vocabularyName(Object.keys(TIME_SLOTS) as [TimeSlot, ...TimeSlot[]])),
});
