import { z } from 'zod';
import { resourceTypes, uploadStates } from '../enums.js';

const isoDate = z.iso.datetime({ offset: true, local: true });

/** The JSON answer to a finished upload; the same facts also travel as `Keepsake-*` headers. */
export const uploadResultSchema = z.object({
  assetId: z.string(),
  resourceId: z.string(),
  status: z.enum(['created', 'duplicate']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
});
export type UploadResult = z.infer<typeof uploadResultSchema>;

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

// `.toLowerCase()` rewrites the value in place; a `.transform` made a pipe of two schemas, and
// validating a 5,000-entry check took 8–18 % longer with ~10 % more garbage (A/B, same process).
const sha256Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hexadecimal characters')
  .toLowerCase();

/**
 * "Ask before sending": the phone lists what it has and creates upload jobs only for what the
 * server lacks. An entry matches by content (sha256, with size when given) or by the phone's
 * asset id + resource type (+ modification date, so an edited photo counts as new).
 */
const checkIdLength = { min: 1, max: 200 };
const checkAssetIdLength = { min: 1, max: 512 };
export const uploadCheckEntrySchema = z
  .object({
    id: z.string().min(checkIdLength.min).max(checkIdLength.max),
    sha256: sha256Hex.optional(),
    size: z.number().int().nonnegative().optional(),
    assetId: z.string().min(checkAssetIdLength.min).max(checkAssetIdLength.max).optional(),
    resourceType: z.enum(resourceTypes).optional(),
    modifiedAt: isoDate.optional(),
  })
  .refine((e) => e.sha256 !== undefined || e.assetId !== undefined, {
    message: 'each entry needs sha256, or assetId (with resourceType)',
  });
export type UploadCheckEntry = z.infer<typeof uploadCheckEntrySchema>;

const knownResourceTypes: ReadonlySet<unknown> = new Set(resourceTypes);
const lowercaseSha256 = /^[0-9a-f]{64}$/;
const within = (value: unknown, { min, max }: { min: number; max: number }) =>
  typeof value === 'string' && value.length >= min && value.length <= max;

/**
 * Whether a check entry as `JSON.parse` made it is one `uploadCheckEntrySchema` accepts and
 * would give back unchanged in every field it names: the common case, told without building
 * zod's copy of each entry, which was ~15 % of a 5,000-entry check's time on its threads.
 * `false` is no verdict: ask the schema then, for its answer and its message (an upper-case hash,
 * for one, is valid but lowercased by it). uploads.test.ts holds the two together.
 */
export function isPlainCheckEntry(value: unknown): value is UploadCheckEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { id, sha256, size, assetId, resourceType, modifiedAt } = value as Record<string, unknown>;
  return (
    within(id, checkIdLength) &&
    (sha256 === undefined || (typeof sha256 === 'string' && lowercaseSha256.test(sha256))) &&
    (size === undefined || (Number.isSafeInteger(size) && (size as number) >= 0)) &&
    (assetId === undefined || within(assetId, checkAssetIdLength)) &&
    (resourceType === undefined || knownResourceTypes.has(resourceType)) &&
    (modifiedAt === undefined || isoDate.safeParse(modifiedAt).success) &&
    (sha256 !== undefined || assetId !== undefined)
  );
}

/** How many entries a check request may hold. */
export const checkEntryLimits = { min: 1, max: 5000 } as const;
const checkEntries = <Entry extends z.ZodType>(entry: Entry) =>
  z.array(entry).min(checkEntryLimits.min).max(checkEntryLimits.max, 'at most 5,000 entries per request');
export const uploadCheckRequestSchema = z.object({ entries: checkEntries(uploadCheckEntrySchema) });
/**
 * The same request with its entries not yet read: the server's check threads each validate their
 * own share of the entries (`uploadCheckEntrySchema.array()`) after this.
 */
export const uploadCheckEnvelopeSchema = z.object({ entries: checkEntries(z.unknown()) });
export type UploadCheckRequest = z.infer<typeof uploadCheckRequestSchema>;

export const uploadCheckResultSchema = z.object({
  id: z.string(),
  exists: z.boolean(),
  assetId: z.string().optional(),
  resourceId: z.string().optional(),
});
export type UploadCheckResult = z.infer<typeof uploadCheckResultSchema>;
export const uploadCheckResponseSchema = z.object({ results: z.array(uploadCheckResultSchema) });
export type UploadCheckResponse = z.infer<typeof uploadCheckResponseSchema>;

/** `GET /api/v1/uploads/{id}`: what the server holds of one upload. */
export const uploadStatusSchema = z.object({
  id: z.string(),
  state: z.enum(uploadStates),
  filename: z.string(),
  resourceType: z.enum(resourceTypes),
  receivedBytes: z.number().int(),
  expectedSize: z.number().int().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  assetId: z.string().nullable(),
  resourceId: z.string().nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type UploadStatus = z.infer<typeof uploadStatusSchema>;
