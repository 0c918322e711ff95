import { schema } from '@keepsake/db';
import type { LibraryFilter } from '@keepsake/shared';
import { eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';

const { assets, resources } = schema;

/** The filters as SQL conditions on `assets`; an absent filter adds nothing. */
export function filterConditions(filter: LibraryFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [
    filter.kind ? eq(assets.kind, filter.kind) : undefined,
    filter.deviceId === null
      ? isNull(assets.deviceId)
      : filter.deviceId
        ? eq(assets.deviceId, filter.deviceId)
        : undefined,
    filter.from ? gte(assets.sortAt, new Date(filter.from)) : undefined,
    filter.to ? lt(assets.sortAt, new Date(filter.to)) : undefined,
    filter.make === undefined ? undefined : filter.make ? eq(assets.make, filter.make) : isNull(assets.make),
    filter.model === undefined
      ? undefined
      : filter.model
        ? eq(assets.model, filter.model)
        : isNull(assets.model),
    filter.search
      ? sql`exists (select 1 from ${resources} where ${resources.assetId} = ${assets.id} and ${resources.filename} like ${`%${escapeLike(filter.search)}%`} escape '\\')`
      : undefined,
  ];
  return conditions.filter((c): c is SQL => c !== undefined);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
