// Request and response schemas of staff account management (issue 7: admin Users page).
import { z } from 'zod';
import type { Role } from '../../../domain/lifecycle/types';
import { LIMITS, normalizeSaudiMobile } from '../../../domain/validations';
import { passwordSchema } from '../auth/auth.schemas';
import { blankAsMissing, booleanText, limit, optionalText, page } from './admin.schemas';

/** Accounts this API manages: every staff role. Customers sign in by OTP and are not managed here. */
export const STAFF_ACCOUNT_ROLES = [
  'admin',
  'supervisor',
  'dispatcher',
  'manager',
  'technician',
  'workshop',
] as const satisfies Role[];
export type StaffAccountRole = (typeof STAFF_ACCOUNT_ROLES)[number];

/** Roles an account may be created with or moved between here; technicians have their own API. */
export const OFFICE_ROLES = [
  'admin',
  'supervisor',
  'dispatcher',
  'manager',
  'workshop',
] as const satisfies StaffAccountRole[];

export const personName = z
  .string()
  .trim()
  .min(LIMITS.nameMin, `The name needs at least ${LIMITS.nameMin} characters.`)
  .max(LIMITS.nameMax, `The name may have at most ${LIMITS.nameMax} characters.`);

export const accountEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(200)
  .pipe(z.email('Enter a valid e-mail address such as name@example.com.'));

export const saudiMobile = z
  .string()
  .trim()
  .max(20)
  .transform((value, ctx) => {
    const phone = normalizeSaudiMobile(value);
    if (phone) return phone;
    ctx.addIssue({ code: 'custom', message: 'Enter a Saudi mobile number such as 05xxxxxxxx.' });
    return z.NEVER;
  });

export const accountLocale = z.enum(['ar', 'en']);

/** Leave out to get a generated temporary password back once. */
export const newPassword = passwordSchema.describe(
  `At least ${LIMITS.passwordMin} characters. Leave out to receive a generated temporary password once.`,
);

export const userListQuery = z.object({
  role: blankAsMissing(z.enum(STAFF_ACCOUNT_ROLES).optional()),
  isActive: booleanText,
  search: optionalText(LIMITS.searchMax),
  page,
  limit: limit(25),
});
export type UserListQuery = z.infer<typeof userListQuery>;

export const managedUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(STAFF_ACCOUNT_ROLES),
  locale: z.string(),
  isActive: z.boolean(),
  technicianId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ManagedUser = z.infer<typeof managedUserSchema>;

export const userListResponse = z.object({
  users: z.array(managedUserSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const userResponse = z.object({ user: managedUserSchema });

export const createUserBody = z.strictObject({
  name: personName,
  email: accountEmail,
  phone: saudiMobile.nullish(),
  role: z.enum(OFFICE_ROLES, 'Choose one of: admin, supervisor, dispatcher, manager, workshop.'),
  locale: accountLocale.default('ar'),
  password: newPassword.optional(),
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const createdUserResponse = z.object({
  user: managedUserSchema,
  temporaryPassword: z.string().nullable().describe('Shown once; null when a password was given.'),
});

export const updateUserBody = z
  .strictObject({
    name: personName.optional(),
    email: accountEmail.optional(),
    phone: saudiMobile.nullable().optional(),
    role: z.enum(OFFICE_ROLES, 'Choose one of: admin, supervisor, dispatcher, manager, workshop.').optional(),
    locale: accountLocale.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Send at least one of name, email, phone, role, locale.',
  });
export type UpdateUserInput = z.infer<typeof updateUserBody>;

// No body at all means "generate one".
export const resetPasswordBody = z.strictObject({ password: newPassword.optional() }).nullish();

export const resetPasswordResponse = z.object({
  user: managedUserSchema,
  temporaryPassword: z.string().nullable().describe('Shown once; null when a password was given.'),
});
