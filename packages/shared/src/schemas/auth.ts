import { z } from 'zod';
import { userRoles } from '../enums.js';

export const emailSchema = z
  .email()
  .max(254)
  .transform((s) => s.toLowerCase());
export const passwordSchema = z
  .string()
  .min(10, 'A password needs at least 10 characters.')
  .max(1024, 'A password may have at most 1024 characters.');

export const loginInputSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(1024),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(userRoles),
});
export type User = z.infer<typeof userSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  userAgent: z.string().nullable(),
  address: z.string().nullable(),
  current: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

/** What an admin sees of each person: never a password hash. */
export const userAccountSchema = userSchema.extend({
  createdAt: z.string(),
  quotaBytes: z.number().int().nullable(),
  usedBytes: z.number().int(),
});
export type UserAccount = z.infer<typeof userAccountSchema>;

export const createUserInputSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(userRoles).default('member'),
  quotaBytes: z.number().int().positive().nullable().default(null),
});
