// Request and response schemas of technician management (create, edit, deactivate). The list and
// details schemas live in admin.schemas.ts with the other dispatcher reads.
import { z } from 'zod';
import { DEVICE_TYPES } from '../../../domain/tickets';
import { technicianSchema } from './admin.schemas';
import { accountEmail, accountLocale, newPassword, personName, saudiMobile } from './users.schemas';

const MAX_SERVICE_AREAS = 50;

const unique = <T>(values: T[]): T[] => [...new Set(values)];

const employeeId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,29}$/, 'Use 2 to 30 letters, digits or dashes for the employee number.');

const specialties = z
  .array(z.enum(DEVICE_TYPES, `Choose device types among: ${DEVICE_TYPES.join(', ')}.`))
  .min(1, 'Choose at least one specialty.')
  .max(DEVICE_TYPES.length)
  .transform(unique);

/** City codes of the organisation (checked against its active cities by the service). */
const serviceAreas = z
  .array(z.string().trim().min(1).max(60))
  .min(1, 'Choose at least one city the technician serves.')
  .max(MAX_SERVICE_AREAS)
  .transform(unique);

export const createTechnicianBody = z.strictObject({
  name: personName,
  email: accountEmail,
  phone: saudiMobile,
  employeeId: employeeId.optional(),
  specialties,
  serviceAreas,
  isAvailable: z.boolean().default(true),
  locale: accountLocale.default('ar'),
  password: newPassword.optional(),
});
export type CreateTechnicianInput = z.infer<typeof createTechnicianBody>;

export const updateTechnicianBody = z
  .strictObject({
    name: personName.optional(),
    email: accountEmail.optional(),
    phone: saudiMobile.optional(),
    employeeId: employeeId.optional(),
    specialties: specialties.optional(),
    serviceAreas: serviceAreas.optional(),
    isAvailable: z.boolean().optional(),
    locale: accountLocale.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Send at least one field to change.',
  });
export type UpdateTechnicianInput = z.infer<typeof updateTechnicianBody>;

export const technicianResponse = z.object({ technician: technicianSchema });

export const createdTechnicianResponse = z.object({
  technician: technicianSchema,
  temporaryPassword: z.string().nullable().describe('Shown once; null when a password was given.'),
});
