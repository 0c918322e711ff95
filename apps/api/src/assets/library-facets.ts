import { type Db, schema } from '@keepsake/db';
import type { LibraryFacets } from '@keepsake/shared';
import { and, desc, eq, or, sql } from 'drizzle-orm';

const { assets, devices } = schema;

/** What the filter menus offer. Each is one grouped pass over the person's assets. */
export function libraryFacets(db: Db, userId: string): LibraryFacets {
  const mine = eq(assets.userId, userId);
  const kinds = db
    .select({ kind: assets.kind, count: sql<number>`count(*)` })
    .from(assets)
    .where(mine)
    .groupBy(assets.kind)
    .all();
  const byDevice = db
    .select({ id: assets.deviceId, name: devices.name, count: sql<number>`count(*)` })
    .from(assets)
    .leftJoin(devices, eq(devices.id, assets.deviceId))
    .where(mine)
    .groupBy(assets.deviceId)
    .orderBy(desc(sql`count(*)`))
    .all();
  const cameras = db
    .select({ make: assets.make, model: assets.model, count: sql<number>`count(*)` })
    .from(assets)
    .where(and(mine, or(sql`${assets.make} is not null`, sql`${assets.model} is not null`)))
    .groupBy(assets.make, assets.model)
    .orderBy(desc(sql`count(*)`))
    .limit(100)
    .all();
  const range = db
    .select({
      newest: sql<number | null>`max(${assets.sortAt})`,
      oldest: sql<number | null>`min(${assets.sortAt})`,
    })
    .from(assets)
    .where(mine)
    .get();
  return {
    total: kinds.reduce((sum, k) => sum + k.count, 0),
    kinds,
    devices: byDevice.map((d) => ({
      id: d.id,
      name: d.id ? (d.name ?? 'Removed device') : 'Uploaded from the dashboard',
      count: d.count,
    })),
    cameras,
    newest: range?.newest ? new Date(range.newest).toISOString() : null,
    oldest: range?.oldest ? new Date(range.oldest).toISOString() : null,
  };
}
