import { z } from 'zod';

/** What any visitor may know about the organisation: the web app formats dates in its time zone. */
export const publicOrganizationResponse = z.object({
  name: z.string(),
  timeZone: z.string(),
  defaultLocale: z.string(),
});

/** The tile server of the web app's maps (a Leaflet URL template) and its attribution. */
export const mapSettingsResponse = z.object({ tileUrl: z.string(), attribution: z.string() });
