import { z } from 'zod';
import { LIMITS } from '../../../domain/validations';

export const userSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.string(),
  locale: z.string(),
  technicianId: z.string().uuid().nullable(),
  customerId: z.string().uuid().nullable(),
  passwordChangeRequired: z
    .boolean()
    .describe('An administrator set the password: every other call answers 403 until it is changed.'),
});

export const staffLoginBody = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(200),
  password: z.string().min(1).max(200),
});

export const tokensResponse = z.object({ accessToken: z.string(), refreshToken: z.string() });
export const loginResponse = tokensResponse.extend({ user: userSchema });
export const refreshResponse = tokensResponse.extend({ passwordChangeRequired: z.boolean() });

export const requestOtpBody = z.strictObject({ phone: z.string().trim().min(9).max(20) });
export const requestOtpResponse = z.object({ message: z.string(), expiresIn: z.number().int() });

export const verifyOtpBody = z.strictObject({
  phone: z.string().trim().min(9).max(20),
  otp: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'The code has 6 digits.'),
});
export const verifyOtpResponse = loginResponse.extend({ isNewUser: z.boolean() });

export const refreshBody = z.strictObject({ refreshToken: z.string().min(20).max(200) });
// The body is optional (seed §6.1 sends only the Authorization header): without one, every session ends.
export const logoutBody = z.strictObject({ refreshToken: z.string().min(20).max(200).optional() }).nullish();
export const messageResponse = z.object({ message: z.string() });

export const passwordSchema = z.string().min(LIMITS.passwordMin).max(200);

// The new password follows the rules of one an administrator sets (users.schemas.ts `newPassword`).
export const staffPasswordChangeBody = z
  .strictObject({
    currentPassword: z.string().min(1).max(200),
    newPassword: passwordSchema,
  })
  .refine((body) => body.newPassword !== body.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a new password different from the current one.',
  });
