import { type Db, schema } from '@keepsake/db';
import type { AssetKind, ResourceType, UploadMetadata, UploadResult } from '@keepsake/shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { JobQueue } from '../jobs/queue.js';
import type { Caller } from './caller.js';

const { assets, files, resources } = schema;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

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
 * Links stored bytes to the caller's library in one transaction: the file (once per user and
 * content), the asset (once per device asset id) and the resource (once per asset and type).
 * A repeat of the same upload finds every row and answers "duplicate" with the same ids.
 */
export function recordResource(
  tx: Tx,
  queue: JobQueue,
  caller: Caller,
  meta: UploadMetadata,
  bytes: StoredBytes,
): RecordedResource {
  tx.insert(files)
    .values({ userId: caller.userId, sha256: bytes.sha256, size: bytes.size, storageKey: bytes.storageKey })
    .onConflictDoNothing()
    .run();
  const file = tx
    .select()
    .from(files)
    .where(and(eq(files.userId, caller.userId), eq(files.sha256, bytes.sha256)))
    .get();
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
    asset = tx
      .select()
      .from(assets)
      .where(
        and(
          eq(assets.userId, caller.userId),
          caller.deviceId ? eq(assets.deviceId, caller.deviceId) : isNull(assets.deviceId),
          eq(assets.deviceAssetId, meta.deviceAssetId),
        ),
      )
      .get();
  } else {
    // Without the phone's asset id, the content is the identity: the same bytes again are a
    // duplicate of what is already in this person's library.
    const same = tx
      .select({ assetId: resources.assetId, resourceId: resources.id })
      .from(resources)
      .innerJoin(assets, eq(assets.id, resources.assetId))
      .where(and(eq(assets.userId, caller.userId), eq(resources.fileId, file.id)))
      .get();
    if (same) return answer(same.assetId, same.resourceId, 'duplicate');
  }

  const now = new Date();
  const takenAt = meta.createdAt ? new Date(meta.createdAt) : null;
  if (!asset) {
    asset = tx
      .insert(assets)
      .values({
        userId: caller.userId,
        deviceId: caller.deviceId,
        deviceAssetId: meta.deviceAssetId ?? null,
        takenAt,
        modifiedAt: meta.modifiedAt ? new Date(meta.modifiedAt) : null,
        favorite: meta.favorite ?? false,
        latitude: meta.location?.lat ?? null,
        longitude: meta.location?.lon ?? null,
        sortAt: takenAt ?? now,
      })
      .returning()
      .get();
  }

  const existing = tx
    .select()
    .from(resources)
    .where(and(eq(resources.assetId, asset.id), eq(resources.type, resourceType)))
    .get();
  if (existing?.fileId === file.id) return answer(asset.id, existing.id, 'duplicate');

  let resourceId: string;
  if (existing) {
    // A new version of the same resource (the photo was edited again): point at the new
    // bytes. The old bytes stay on disk and in `files`; nothing a person sent is deleted.
    tx.update(resources)
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
    resourceId = tx
      .insert(resources)
      .values({
        assetId: asset.id,
        type: resourceType,
        filename: meta.filename,
        contentType: meta.contentType ?? null,
        fileId: file.id,
      })
      .returning({ id: resources.id })
      .get().id;
  }
  const types = tx
    .select({ type: resources.type })
    .from(resources)
    .where(eq(resources.assetId, asset.id))
    .all()
    .map((r) => r.type);
  tx.update(assets)
    .set({
      kind: assetKindOf(types),
      ...(meta.favorite === undefined ? {} : { favorite: meta.favorite }),
      ...(meta.location ? { latitude: meta.location.lat, longitude: meta.location.lon } : {}),
      ...(takenAt && !asset.takenAt ? { takenAt, sortAt: takenAt } : {}),
    })
    .where(eq(assets.id, asset.id))
    .run();
  if (!withoutPicture.has(resourceType)) {
    queue.enqueue('thumbnail', file.id, tx);
    // Metadata is read per file but written per asset: known bytes in a new asset are read again.
    queue.enqueueAgain('metadata', file.id, tx);
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
