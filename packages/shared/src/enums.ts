// As-const lists feed both the database columns (Drizzle `enum` text columns) and the wire
// schemas (`z.enum`), so a value is spelled once.

/** Resource kinds as PhotoKit's `PHAssetResourceType` names them (docs/ios-upload-contract.md). */
export const resourceTypes = [
  'photo',
  'video',
  'audio',
  'alternatePhoto',
  'fullSizePhoto',
  'fullSizeVideo',
  'adjustmentData',
  'adjustmentBasePhoto',
  'pairedVideo',
  'fullSizePairedVideo',
  'adjustmentBasePairedVideo',
  'adjustmentBaseVideo',
  'photoProxy',
] as const;
export type ResourceType = (typeof resourceTypes)[number];

export const assetKinds = ['photo', 'video', 'livePhoto', 'other'] as const;
export type AssetKind = (typeof assetKinds)[number];

export const uploadStates = ['receiving', 'stored', 'failed', 'cancelled', 'expired'] as const;
export type UploadState = (typeof uploadStates)[number];

export const jobStates = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobState = (typeof jobStates)[number];

/** One queue per kind: `thumbnail` makes the grid thumbnail, preview and ThumbHash; `metadata` reads the file's own metadata. */
export const jobKinds = ['thumbnail', 'metadata'] as const;
export type JobKind = (typeof jobKinds)[number];

export const userRoles = ['admin', 'member'] as const;
export type UserRole = (typeof userRoles)[number];

export const derivativeKinds = ['thumbnail', 'preview'] as const;
export type DerivativeKind = (typeof derivativeKinds)[number];
