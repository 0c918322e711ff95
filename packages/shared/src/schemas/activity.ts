import { z } from 'zod';
import { uploadStates } from '../enums.js';
import { queueSummarySchema } from './jobs.js';

const deviceRef = z.object({ id: z.string(), name: z.string() }).nullable();

/** An upload the server is receiving now, with its speed measured between snapshots. */
export const uploadInFlightSchema = z.object({
  id: z.string(),
  filename: z.string(),
  device: deviceRef,
  receivedBytes: z.number().int(),
  expectedSize: z.number().int().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  bytesPerSecond: z.number().nullable(),
  secondsLeft: z.number().nullable(),
});
export type UploadInFlight = z.infer<typeof uploadInFlightSchema>;

export const finishedUploadSchema = z.object({
  id: z.string(),
  filename: z.string(),
  device: deviceRef,
  state: z.enum(uploadStates),
  size: z.number().int(),
  finishedAt: z.string(),
  assetId: z.string().nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type FinishedUpload = z.infer<typeof finishedUploadSchema>;

/** One frame of the Activity page, streamed by the `upload.activity` subscription. */
export const uploadActivitySchema = z.object({
  at: z.string(),
  inFlight: z.array(uploadInFlightSchema),
  /** Unfinished uploads nothing arrived for in a while: the client will resume them, or they expire. */
  waiting: z.number().int(),
  queues: z.array(queueSummarySchema),
  recent: z.array(finishedUploadSchema),
});
export type UploadActivity = z.infer<typeof uploadActivitySchema>;
