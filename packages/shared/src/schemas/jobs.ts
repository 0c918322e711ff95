import { z } from 'zod';
import { jobKinds, jobStates } from '../enums.js';

export const queueSummarySchema = z.object({
  kind: z.enum(jobKinds),
  paused: z.boolean(),
  counts: z.object({
    queued: z.number().int(),
    running: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
  }),
});
export type QueueSummary = z.infer<typeof queueSummarySchema>;

/** A failed job as the Failures page lists it: what, where it broke, why, and what to do. */
export const failedJobSchema = z.object({
  id: z.string(),
  kind: z.enum(jobKinds),
  state: z.enum(jobStates),
  attempts: z.number().int(),
  assetId: z.string().nullable(),
  filename: z.string().nullable(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  step: z.string().nullable(),
  failedAt: z.string().nullable(),
});
export type FailedJob = z.infer<typeof failedJobSchema>;

export const jobChangeSchema = z.object({
  id: z.string(),
  kind: z.enum(jobKinds),
  state: z.enum(jobStates),
});
export type JobChange = z.infer<typeof jobChangeSchema>;
