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
