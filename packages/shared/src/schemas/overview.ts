import { z } from 'zod';
import { assetKinds, jobKinds } from '../enums.js';

/** Days are the viewer's days: the browser sends its IANA time zone (e.g. "Europe/Paris"). */
export const overviewInputSchema = z.object({
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'timeZone must be an IANA time zone such as Europe/Paris.'),
});
export type OverviewInput = z.infer<typeof overviewInputSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The free space of the disk holding the data folder; null where the system cannot tell. */
export const diskSpaceSchema = z.object({
  freeBytes: z.number().int(),
  totalBytes: z.number().int(),
});
export type DiskSpace = z.infer<typeof diskSpaceSchema>;

/** The counters at the top of the Overview. */
export const overviewSummarySchema = z.object({
  assets: z.object({
    total: z.number().int(),
    byKind: z.record(z.enum(assetKinds), z.number().int()),
  }),
  storage: z.object({
    /** The uploaded files themselves, each stored once. */
    originalBytes: z.number().int(),
    /** Thumbnails and previews made from them. */
    derivativeBytes: z.number().int(),
    disk: diskSpaceSchema.nullable(),
  }),
  uploadsToday: z.object({ count: z.number().int(), bytes: z.number().int() }),
  processing: z.object({
    queued: z.number().int(),
    running: z.number().int(),
    failed: z.number().int(),
    pausedKinds: z.array(z.enum(jobKinds)),
  }),
  /** Server-wide problems; failures are listed separately (they can be dismissed one by one). */
  attention: z.array(
    z.object({
      kind: z.enum(['diskFull', 'diskLow', 'queuePaused']),
      severity: z.enum(['warning', 'error']),
    }),
  ),
});
export type OverviewSummary = z.infer<typeof overviewSummarySchema>;

/** One of the last 30 days (YYYY-MM-DD in the viewer's zone), oldest first. */
export const dayPointSchema = z.object({
  day: z.string(),
  uploads: z.number().int(),
  uploadedBytes: z.number().int(),
  /** Everything stored by the end of that day. */
  storedOriginalBytes: z.number().int(),
  storedDerivativeBytes: z.number().int(),
});
export type DayPoint = z.infer<typeof dayPointSchema>;

export const overviewHistorySchema = z.object({ days: z.array(dayPointSchema) });
export type OverviewHistory = z.infer<typeof overviewHistorySchema>;

/**
 * What the server can say about a device's backup; only the phone knows what it has not sent,
 * so this is about what arrived and when.
 */
export const deviceBackupStates = [
  'uploading',
  'attention',
  'ok',
  'quiet',
  'neverConnected',
  'revoked',
] as const;
export type DeviceBackupState = (typeof deviceBackupStates)[number];

export const deviceStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  assets: z.number().int(),
  lastUploadAt: z.string().nullable(),
  uploading: z.number().int(),
  failures: z.number().int(),
  state: z.enum(deviceBackupStates),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;
