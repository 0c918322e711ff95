import { type Db, fixedSizeLists } from '@keepsake/db';
import type { UploadCheckEntry, UploadCheckResponse } from '@keepsake/shared';
import type { Caller } from './caller.js';
import { type LookupRows, type LookupTask, listSize, lookUp } from './check-lookups.mjs';
import type { CheckThreads } from './check-threads.js';

/** From this many lists of `listSize` values on, a check's lookups are shared out to threads. */
const listsForThreads = 3;

/**
 * Which of these resources the server already holds, so a phone creates upload jobs only for
 * the rest. Batched: a 5,000-entry check is a handful of indexed queries, not 5,000. On threads
 * the lists are read by separate statements on separate connections, not from one snapshot: a
 * Live Photo paired meanwhile may be answered with the id of the asset its clip just left. That
 * a resource exists is never affected: stored resources are never deleted.
 */
export async function checkUploads(
  db: Db,
  threads: CheckThreads,
  caller: Caller,
  entries: UploadCheckEntry[],
): Promise<UploadCheckResponse> {
  const hashes = [...new Set(entries.flatMap((e) => (e.sha256 ? [e.sha256] : [])))];
  const deviceAssetIds = [...new Set(entries.flatMap((e) => (e.assetId ? [e.assetId] : [])))];
  const task: LookupTask = {
    userId: caller.userId,
    deviceId: caller.deviceId,
    hashLists: [...fixedSizeLists(hashes, listSize)],
    assetIdLists: [...fixedSizeLists(deviceAssetIds, listSize)],
  };
  const rows: LookupRows =
    task.hashLists.length + task.assetIdLists.length >= listsForThreads
      ? await threads.lookUp(task)
      : lookUp(db.$client, task);

  const byContent = new Map<string, { size: number; assetId?: string; resourceId?: string }>();
  for (const [sha256, size, assetId, resourceId] of rows.content) {
    if (byContent.has(sha256)) continue;
    byContent.set(sha256, {
      size,
      ...(assetId ? { assetId } : {}),
      ...(resourceId ? { resourceId } : {}),
    });
  }
  const byAsset = new Map<
    string,
    { assetId: string; modifiedAt: number | null; types: Map<string, string> }
  >();
  for (const [deviceAssetId, assetId, modifiedAt, type, resourceId] of rows.assets) {
    const known = byAsset.get(deviceAssetId) ?? { assetId, modifiedAt, types: new Map<string, string>() };
    if (type && resourceId) known.types.set(type, resourceId);
    byAsset.set(deviceAssetId, known);
  }

  return {
    results: entries.map((entry) => {
      const content = entry.sha256 ? byContent.get(entry.sha256) : undefined;
      if (content && (entry.size === undefined || entry.size === content.size)) {
        return { id: entry.id, exists: true, ...pick(content) };
      }
      const asset = entry.assetId ? byAsset.get(entry.assetId) : undefined;
      if (asset && !entry.sha256) {
        const resourceId = asset.types.get(entry.resourceType ?? 'photo');
        const sameVersion =
          entry.modifiedAt === undefined || asset.modifiedAt === Date.parse(entry.modifiedAt);
        if (resourceId && sameVersion)
          return { id: entry.id, exists: true, assetId: asset.assetId, resourceId };
      }
      return { id: entry.id, exists: false };
    }),
  };
}

const pick = (c: { assetId?: string; resourceId?: string }) => ({
  ...(c.assetId ? { assetId: c.assetId } : {}),
  ...(c.resourceId ? { resourceId: c.resourceId } : {}),
});
