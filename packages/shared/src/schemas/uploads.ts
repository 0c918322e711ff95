import { z } from 'zod';
import { resourceTypes } from '../enums.js';

/** The JSON answer to a finished upload; the same facts also travel as `Keepsake-*` headers. */
export const uploadResultSchema = z.object({
  assetId: z.string(),
  resourceId: z.string(),
  status: z.enum(['created', 'duplicate']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
});
export type UploadResult = z.infer<typeof uploadResultSchema>;

const isoDate = z.iso.datetime({ offset: true, local: true });

/** What a client says about the resource it uploads (from `Keepsake-*` headers or JSON). */
export const uploadMetadataSchema = z.object({
  /** The phone's identifier for the asset (PhotoKit `localIdentifier`). */
  deviceAssetId: z.string().min(1).max(512).optional(),
  resourceType: z.enum(resourceTypes).optional(),
  filename: z.string().min(1).max(1024),
  contentType: z.string().min(1).max(255).optional(),
  createdAt: isoDate.optional(),
  modifiedAt: isoDate.optional(),
  favorite: z.boolean().optional(),
  location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
  /** From `Repr-Digest: sha-256=…`: the upload is refused if the bytes differ. */
  expectedSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** The full length when the client knows it (`Upload-Length`, or `Content-Length` of a whole upload). */
  expectedSize: z.number().int().nonnegative().optional(),
});
export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;
