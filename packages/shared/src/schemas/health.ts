import { z } from 'zod';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: z.object({ ok: z.boolean() }),
  dataDir: z.object({ ok: z.boolean(), writable: z.boolean() }),
});
export type Health = z.infer<typeof healthSchema>;
