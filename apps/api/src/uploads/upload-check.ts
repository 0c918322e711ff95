import { type Db, schema } from '@keepsake/db';
import type { UploadCheckEntry, UploadCheckResponse } from '@keepsake/shared';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Caller } from './caller.js';

const { assets, files, resources } = schema;

/** SQLite allows 32,766 bound parameters; 500 per IN list keeps each statement small and fast. */
const chunkSize = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

/**
 * Which of these resources the server already holds, so a phone creates upload jobs only for
 * the rest. Batched: a 5,000-entry check is a handful of indexed queries, not 5,000.
 */
export function checkUploads(db: Db, caller: Caller, entries: UploadCheckEntry[]): UploadCheckResponse {
  const byContent = new Map<string, { size: number; assetId?: string; resourceId?: string }>();
  const hashes = [...new Set(entries.flatMap((e) => (e.sha256 ? [e.sha256] : [])))];
  for (const part of chunks(hashes)) {
    const rows = db
      .select({
        sha256: files.sha256,
        size: files.size,
        assetId: resources.assetId,
        resourceId: resources.id,
      })
      .from(files)
      .leftJoin(resources, eq(resources.fileId, files.id))
      .where(and(eq(files.userId, caller.userId), inArray(files.sha256, part)))
      .all();
    for (const row of rows) {
      if (byContent.has(row.sha256)) continue;
      byContent.set(row.sha256, {
        size: row.size,
        ...(row.assetId ? { assetId: row.assetId } : {}),
        ...(row.resourceId ? { resourceId: row.resourceId } : {}),
      });
    }
  }

  const byAsset = new Map<
    string,
    { assetId: string; modifiedAt: number | null; types: Map<string, string> }
  >();
  const deviceAssetIds = [...new Set(entries.flatMap((e) => (e.assetId ? [e.assetId] : [])))];
  for (const part of chunks(deviceAssetIds)) {
    const rows = db
      .select({
        deviceAssetId: assets.deviceAssetId,
        assetId: assets.id,
        modifiedAt: assets.modifiedAt,
        type: resources.type,
        resourceId: resources.id,
      })
      .from(assets)
      .leftJoin(resources, eq(resources.assetId, assets.id))
      .where(
        and(
          eq(assets.userId, caller.userId),
          caller.deviceId ? eq(assets.deviceId, caller.deviceId) : isNull(assets.deviceId),
          inArray(assets.deviceAssetId, part),
        ),
      )
      .all();
    for (const row of rows) {
      if (!row.deviceAssetId) continue;
      const known = byAsset.get(row.deviceAssetId) ?? {
        assetId: row.assetId,
        modifiedAt: row.modifiedAt?.getTime() ?? null,
        types: new Map<string, string>(),
      };
      if (row.type && row.resourceId) known.types.set(row.type, row.resourceId);
      byAsset.set(row.deviceAssetId, known);
    }
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
