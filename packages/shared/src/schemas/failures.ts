import { z } from 'zod';
import { jobKinds } from '../enums.js';

/** Where something went wrong: receiving the upload, or a processing step afterwards. */
export const failureKinds = ['upload', ...jobKinds] as const;
export type FailureKind = (typeof failureKinds)[number];

/** A failed upload or job as the Failures page lists it. */
export const failureSchema = z.object({
  /** `upload:<id>` or `job:<id>`: unique across both, and stable for dismissing. */
  id: z.string(),
  kind: z.enum(failureKinds),
  /** The upload's or job's own id (what job.retry takes). */
  targetId: z.string(),
  filename: z.string().nullable(),
  assetId: z.string().nullable(),
  device: z.object({ id: z.string(), name: z.string() }).nullable(),
  code: z.string(),
  message: z.string(),
  step: z.string().nullable(),
  at: z.string(),
  attempts: z.number().int().nullable(),
  /** Jobs can be run again here; an upload has to be sent again by its client. */
  retryable: z.boolean(),
});
export type Failure = z.infer<typeof failureSchema>;

export const failureListSchema = z.object({
  items: z.array(failureSchema),
  /** True when there were more than the list holds. */
  truncated: z.boolean(),
  /** How many failures the person dismissed (hidden here, kept on the server, can be restored). */
  dismissed: z.number().int(),
});
export const dismissFailuresInputSchema = z.object({ ids: z.array(z.string().max(80)).min(1).max(2000) });
export type FailureList = z.infer<typeof failureListSchema>;
