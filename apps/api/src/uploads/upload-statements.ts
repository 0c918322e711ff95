import { type Db, perConnection, schema } from '@keepsake/db';
import { and, eq, isNull, sql } from 'drizzle-orm';

const { assets, files, resources, uploads, users } = schema;
const p = sql.placeholder;
/**
 * A placeholder whose value goes to SQLite as given, without the column's encoder: Drizzle's
 * types allow no placeholder in an update's `set`, and a timestamp's encoder cannot map null.
 * Times are then passed as milliseconds.
 */
const raw = (name: string) => sql`${p(name)}`;

/**
 * The queries every upload makes, prepared once per connection. Built by the query builder and
 * prepared by SQLite on each call, they took a quarter of the event loop's time during a burst of
 * photo uploads. Drizzle fills in `$defaultFn` columns when a query is built, so a prepared
 * insert would repeat the same id and time: each insert here names them (`newRow`).
 */
function prepare(db: Db) {
  return {
    insertUpload: db
      .insert(uploads)
      .values({
        id: p('id'),
        userId: p('userId'),
        deviceId: p('deviceId'),
        deviceAssetId: p('deviceAssetId'),
        resourceType: p('resourceType'),
        filename: p('filename'),
        contentType: p('contentType'),
        expectedSize: p('expectedSize'),
        metadata: p('metadata'),
        startedAt: p('now'),
        updatedAt: p('now'),
      })
      .returning()
      .prepare(),
    uploadOf: db
      .select()
      .from(uploads)
      .where(and(eq(uploads.id, p('id')), eq(uploads.userId, p('userId'))))
      .prepare(),
    markStored: db
      .update(uploads)
      .set({
        state: 'stored',
        sha256: raw('sha256'),
        receivedBytes: raw('size'),
        assetId: raw('assetId'),
        resourceId: raw('resourceId'),
        finishedAt: raw('nowMs'),
        updatedAt: raw('nowMs'),
      })
      .where(eq(uploads.id, p('id')))
      .prepare(),
    noteProgress: db
      .update(uploads)
      .set({ receivedBytes: raw('bytes'), updatedAt: raw('nowMs') })
      .where(eq(uploads.id, p('id')))
      .prepare(),
    spaceOf: db
      .select({ quota: users.quotaBytes, used: users.usedBytes })
      .from(users)
      .where(eq(users.id, p('userId')))
      .prepare(),
    fileOf: db
      .select()
      .from(files)
      .where(and(eq(files.userId, p('userId')), eq(files.sha256, p('sha256'))))
      .prepare(),
    insertFile: db
      .insert(files)
      .values({
        id: p('id'),
        userId: p('userId'),
        sha256: p('sha256'),
        size: p('size'),
        storageKey: p('storageKey'),
        createdAt: p('now'),
      })
      .onConflictDoNothing()
      .prepare(),
    assetOfDevice: db
      .select()
      .from(assets)
      .where(
        and(
          eq(assets.userId, p('userId')),
          eq(assets.deviceId, p('deviceId')),
          eq(assets.deviceAssetId, p('deviceAssetId')),
        ),
      )
      .prepare(),
    assetWithoutDevice: db
      .select()
      .from(assets)
      .where(
        and(
          eq(assets.userId, p('userId')),
          isNull(assets.deviceId),
          eq(assets.deviceAssetId, p('deviceAssetId')),
        ),
      )
      .prepare(),
    resourceOfFile: db
      .select({ assetId: resources.assetId, resourceId: resources.id })
      .from(resources)
      .innerJoin(assets, eq(assets.id, resources.assetId))
      .where(and(eq(assets.userId, p('userId')), eq(resources.fileId, p('fileId'))))
      .prepare(),
    insertAsset: db
      .insert(assets)
      .values({
        id: p('id'),
        userId: p('userId'),
        deviceId: p('deviceId'),
        deviceAssetId: p('deviceAssetId'),
        // Nullable times go to SQLite as given (ms or null): the column's encoder cannot map null.
        takenAt: raw('takenAtMs'),
        modifiedAt: raw('modifiedAtMs'),
        favorite: p('favorite'),
        latitude: p('latitude'),
        longitude: p('longitude'),
        sortAt: p('sortAt'),
        createdAt: p('now'),
      })
      .returning()
      .prepare(),
    setAssetKind: db
      .update(assets)
      .set({ kind: raw('kind') })
      .where(eq(assets.id, p('id')))
      .prepare(),
    resourceOfType: db
      .select()
      .from(resources)
      .where(and(eq(resources.assetId, p('assetId')), eq(resources.type, p('type'))))
      .prepare(),
    insertResource: db
      .insert(resources)
      .values({
        id: p('id'),
        assetId: p('assetId'),
        type: p('type'),
        filename: p('filename'),
        contentType: p('contentType'),
        fileId: p('fileId'),
        createdAt: p('now'),
      })
      .prepare(),
    resourceTypesOf: db
      .select({ type: resources.type })
      .from(resources)
      .where(eq(resources.assetId, p('assetId')))
      .prepare(),
  };
}

/** The upload path's prepared statements on this connection (a transaction uses them too). */
export const uploadStatements = perConnection(prepare);

/** What a prepared insert names itself instead of the columns' defaults: a new id and now. */
export const newRow = () => ({ id: crypto.randomUUID(), now: new Date() });
