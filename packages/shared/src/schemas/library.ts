import { z } from 'zod';
import { assetKinds } from '../enums.js';
import { assetListInputSchema, assetSummarySchema } from './assets.js';

/** The Library page's filters; every one is optional and they combine with AND. */
export const libraryFilterSchema = z.object({
  kind: z.enum(assetKinds).optional(),
  /** A device's id, or null for files uploaded without one (from a browser or curl). */
  deviceId: z.string().max(64).nullable().optional(),
  /** Capture (or upload) time range, inclusive start and exclusive end. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  make: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  /** Part of a file name, case-insensitive. */
  search: z.string().trim().max(200).optional(),
});
export type LibraryFilter = z.infer<typeof libraryFilterSchema>;

export const libraryListInputSchema = assetListInputSchema.extend({
  filter: libraryFilterSchema.default({}),
});
export type LibraryListInput = z.infer<typeof libraryListInputSchema>;

/** What the filter menus offer, with how many assets each choice holds. */
export const libraryFacetsSchema = z.object({
  total: z.number().int(),
  kinds: z.array(z.object({ kind: z.enum(assetKinds), count: z.number().int() })),
  devices: z.array(z.object({ id: z.string().nullable(), name: z.string(), count: z.number().int() })),
  cameras: z.array(
    z.object({ make: z.string().nullable(), model: z.string().nullable(), count: z.number().int() }),
  ),
  newest: z.string().nullable(),
  oldest: z.string().nullable(),
});
export type LibraryFacets = z.infer<typeof libraryFacetsSchema>;

export const libraryNeighboursInputSchema = z.object({
  id: z.string().max(64),
  filter: libraryFilterSchema.default({}),
});

/** The asset view's previous (newer) and next (older) asset in library order. */
export const libraryNeighboursSchema = z.object({
  previous: assetSummarySchema.nullable(),
  next: assetSummarySchema.nullable(),
});
export type LibraryNeighbours = z.infer<typeof libraryNeighboursSchema>;
