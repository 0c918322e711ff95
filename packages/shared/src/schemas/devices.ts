import { z } from 'zod';

export const deviceNameSchema = z.string().trim().min(1).max(100);

export const deviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Device = z.infer<typeof deviceSchema>;

/** Returned once, when a device is added: the only time its key is visible. */
export const newDeviceSchema = deviceSchema.extend({ apiKey: z.string() });
export type NewDevice = z.infer<typeof newDeviceSchema>;
