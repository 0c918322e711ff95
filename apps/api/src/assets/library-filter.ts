import { type Db, schema } from '@keepsake/db';
import type { LibraryFilter } from '@keepsake/shared';
import { eq, gte, isNull, lt, type SQL } from 'drizzle-orm';
import { fileNameConditions, type SearchLimits } from './file-name-search.js';

const { assets } = schema;

/** The Library as SQL conditions on `assets`: this person's assets, narrowed by the filters. */
export function libraryConditions(
  db: Db,
  userId: string,
  filter: LibraryFilter,
  searchLimits?: SearchLimits,
): SQL[] {
  return [
    ...(filter.search
      ? fileNameConditions(db, userId, filter.search, searchLimits)
      : [eq(assets.userId, userId)]),
    ...filterConditions(filter),
  ];
}

/** The filters other than the file name as SQL conditions; an absent filter adds nothing. */
function filterConditions(filter: LibraryFilter): SQL[] {
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
  ];
  return conditions.filter((c): c is SQL => c !== undefined);
}
