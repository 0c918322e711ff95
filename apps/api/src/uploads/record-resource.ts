import { type Db, schema } from '@keepsake/db';
import type { AssetKind, ResourceType, UploadMetadata, UploadResult } from '@keepsake/shared';
import { eq } from 'drizzle-orm';
import type { JobQueue } from '../jobs/queue.js';
import type { Caller } from './caller.js';
import { newRow, uploadStatements } from './upload-statements.js';

const { assets, resources } = schema;

export interface StoredBytes {
  sha256: string;
  size: number;
  storageKey: string;
}

export interface RecordedResource extends UploadResult {
  /** The storage key the file row points at; differs from ours when another upload won a race. */
  storageKey: string;
}

/**
 * Links stored bytes to the caller's library: the file (once per user and content), the asset
 * (once per device asset id) and the resource (once per asset and type). Run it inside the
 * transaction that records the upload. A repeat of the same upload finds every row and answers
 * "duplicate" with the same ids.
 */
export function recordResource(
  db: Db,
  queue: JobQueue,
  caller: Caller,
  meta: UploadMetadata,
  bytes: StoredBytes,
): RecordedResource {
  const sql = uploadStatements(db);
  sql.insertFile.run({
    ...newRow(),
    userId: caller.userId,
    sha256: bytes.sha256,
    size: bytes.size,
    storageKey: bytes.storageKey,
  });
  const file = sql.fileOf.get({ userId: caller.userId, sha256: bytes.sha256 });
  if (!file) throw new Error('file row missing right after insert');
  const resourceType = meta.resourceType ?? guessResourceType(meta);
  const answer = (assetId: string, resourceId: string, status: UploadResult['status']): RecordedResource => ({
    assetId,
    resourceId,
    status,
    sha256: file.sha256,
    size: file.size,
    storageKey: file.storageKey,
  });

  let asset: typeof assets.$inferSelect | undefined;
  if (meta.deviceAssetId) {
    const key = { userId: caller.userId, deviceAssetId: meta.deviceAssetId };
    asset = caller.deviceId
      ? sql.assetOfDevice.get({ ...key, deviceId: caller.deviceId })
      : sql.assetWithoutDevice.get(key);
  } else {
    // Without the phone's asset id, the content is the identity: the same bytes again are a
    // duplicate of what is already in this person's library.
    const same = sql.resourceOfFile.get({ userId: caller.userId, fileId: file.id });
    if (same) return answer(same.assetId, same.resourceId, 'duplicate');
  }

  const now = new Date();
  const takenAt = meta.createdAt ? new Date(meta.createdAt) : null;
  const known = asset;
  if (!asset) {
    asset = sql.insertAsset.get({
      ...newRow(),
      userId: caller.userId,
      deviceId: caller.deviceId,
      deviceAssetId: meta.deviceAssetId ?? null,
      takenAtMs: takenAt?.getTime() ?? null,
      modifiedAtMs: meta.modifiedAt ? Date.parse(meta.modifiedAt) : null,
      favorite: meta.favorite ?? false,
      latitude: meta.location?.lat ?? null,
      longitude: meta.location?.lon ?? null,
      sortAt: takenAt ?? now,
    });
    if (!asset) throw new Error('asset row missing right after insert');
  }

  const existing = sql.resourceOfType.get({ assetId: asset.id, type: resourceType });
  if (existing?.fileId === file.id) return answer(asset.id, existing.id, 'duplicate');

  let resourceId: string;
  if (existing) {
    // A new version of the same resource (the photo was edited again): point at the new
    // bytes. The old bytes stay on disk and in `files`; nothing a person sent is deleted.
    db.update(resources)
      .set({
        fileId: file.id,
        filename: meta.filename,
        contentType: meta.contentType ?? null,
        createdAt: now,
      })
      .where(eq(resources.id, existing.id))
      .run();
    resourceId = existing.id;
  } else {
    const row = { ...newRow(), now };
    sql.insertResource.run({
      ...row,
      assetId: asset.id,
      type: resourceType,
      filename: meta.filename,
      contentType: meta.contentType ?? null,
      fileId: file.id,
    });
    resourceId = row.id;
  }
  const types = sql.resourceTypesOf.all({ assetId: asset.id }).map((r) => r.type);
  sql.setAssetKind.run({ id: asset.id, kind: assetKindOf(types) });
  // An asset seen before (a Live Photo's second half, an edit) takes what the phone says now.
  const said = {
    ...(meta.favorite === undefined ? {} : { favorite: meta.favorite }),
    ...(meta.location ? { latitude: meta.location.lat, longitude: meta.location.lon } : {}),
    ...(takenAt && !known?.takenAt ? { takenAt, sortAt: takenAt } : {}),
  };
  if (known && Object.keys(said).length > 0) db.update(assets).set(said).where(eq(assets.id, known.id)).run();
  if (!withoutPicture.has(resourceType)) {
    queue.enqueue('thumbnail', file.id);
    // Metadata is read per file but written per asset: known bytes in a new asset are read again.
    queue.enqueueAgain('metadata', file.id);
  }
  return answer(asset.id, resourceId, 'created');
}

/**
 * Resources that are not pictures: Photos' edit instructions (a property list) and audio. They
 * are kept like any other bytes, but there is nothing to render or read, and a job that could
 * only fail would put every edited photo on the Failures page.
 */
const withoutPicture: ReadonlySet<ResourceType> = new Set(['adjustmentData', 'audio']);

const videoExtensions = /\.(mov|mp4|m4v|3gp|avi|mkv|webm)$/i;

/** Clients that do not say what they send (curl, the browser) get a guess from the name and type. */
export function guessResourceType(meta: Pick<UploadMetadata, 'filename' | 'contentType'>): ResourceType {
  const type = meta.contentType?.toLowerCase() ?? '';
  if (type.startsWith('video/') || type.includes('movie') || type.includes('mpeg-4')) return 'video';
  if (videoExtensions.test(meta.filename)) return 'video';
  return 'photo';
}

export function assetKindOf(types: readonly ResourceType[]): AssetKind {
  const has = (t: ResourceType) => types.includes(t);
  if ((has('photo') || has('fullSizePhoto')) && (has('pairedVideo') || has('fullSizePairedVideo')))
    return 'livePhoto';
  if (has('photo') || has('fullSizePhoto') || has('alternatePhoto')) return 'photo';
  if (has('video') || has('fullSizeVideo')) return 'video';
  return 'other';
}
