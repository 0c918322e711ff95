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
  thumbnail: z.object({
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
