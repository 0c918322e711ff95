import { z } from 'zod';
import { assetKinds, jobStates, resourceTypes } from '../enums.js';

export const resourceSchema = z.object({
  id: z.string(),
  type: z.enum(resourceTypes),
  filename: z.string(),
  contentType: z.string().nullable(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type Resource = z.infer<typeof resourceSchema>;

/** One row of the library grid. */
export const assetSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(assetKinds),
  filename: z.string(),
  size: z.number().int(),
  takenAt: z.string().nullable(),
  uploadedAt: z.string(),
  durationMs: z.number().int().nullable(),
  /** ThumbHash (base64) to paint before the thumbnail arrives. */
  thumbhash: z.string().nullable(),
  thumbnail: z.object({
    /** The thumbnail job's state while there is no thumbnail; `succeeded` once there is one. */
    state: z.enum(jobStates).nullable(),
    url: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
  }),
});
export type AssetSummary = z.infer<typeof assetSummarySchema>;

export const assetListInputSchema = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  cursor: z.string().nullish(),
});
export type AssetListInput = z.infer<typeof assetListInputSchema>;

export const assetPageSchema = z.object({
  items: z.array(assetSummarySchema),
  nextCursor: z.string().nullable(),
});
export type AssetPage = z.infer<typeof assetPageSchema>;

export const processingStateSchema = z.object({
  state: z.enum(jobStates).nullable(),
  error: z.object({ code: z.string(), message: z.string(), step: z.string().nullable() }).nullable(),
});

/** `GET /api/v1/assets/{id}`: everything known about one asset, and how its processing went. */
export const assetDetailSchema = assetSummarySchema.extend({
  takenAtOffset: z.string().nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  lens: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  favorite: z.boolean(),
  contentIdentifier: z.string().nullable(),
  device: z.object({ id: z.string(), name: z.string() }).nullable(),
  resources: z.array(
    resourceSchema.extend({
      processing: z.object({ thumbnail: processingStateSchema, metadata: processingStateSchema }),
    }),
  ),
});
export type AssetDetail = z.infer<typeof assetDetailSchema>;
