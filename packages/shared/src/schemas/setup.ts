import { z } from 'zod';
import { emailSchema, passwordSchema } from './auth.js';

/** A new server has no account; the first visitor creates the admin (there is no default password). */
export const setupStatusSchema = z.object({ needsAdmin: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatusSchema>;

export const createAdminInputSchema = z.object({ email: emailSchema, password: passwordSchema });
export type CreateAdminInput = z.infer<typeof createAdminInputSchema>;
