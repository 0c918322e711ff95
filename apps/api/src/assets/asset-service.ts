import { type Db, fixedSizeLists, perConnection, schema } from '@keepsake/db';
import type {
  AssetDetail,
  AssetListInput,
  AssetPage,
  AssetSummary,
  DerivativeKind,
  JobKind,
  JobState,
  LibraryFilter,
  LibraryNeighbours,
} from '@keepsake/shared';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { KeepsakeError } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { SearchLimits } from './file-name-search.js';
import { libraryConditions } from './library-filter.js';
import { pickPrimary } from './primary-resource.js';

const { assets, derivatives, devices, files, jobs, resources } = schema;

/**
 * The columns of an asset that its Library card shows, and its keyset position. A page reads only
 * these: converting all twenty columns of 200 rows took longer than finding them.
 */
const cardColumns = {
  id: assets.id,
  kind: assets.kind,
  takenAt: assets.takenAt,
  createdAt: assets.createdAt,
  durationMs: assets.durationMs,
  sortAt: assets.sortAt,
};
type AssetCard = Pick<typeof assets.$inferSelect, keyof typeof cardColumns>;

export interface StoredBlob {
  storageKey: string;
  contentType: string;
  size: number;
  /** The bytes' hash, their ETag (an image made before Keepsake recorded its own: the original's). */
  sha256: string;
  filename: string;
}

/**
 * The assets past a keyset position in library order. Written as a row-value comparison because
 * SQLite turns that into a range on the (user, sort_at, id) index; the equivalent
 * `sort_at < ? or (sort_at = ? and id < ?)` made it walk the index from the newest asset to the
 * position, which cost ~40 ms for a page deep in a 100k library instead of ~3 ms.
 */
function keysetBeyond(direction: 'older' | 'newer', sortAt: number, id: string): SQL {
  return direction === 'older'
    ? sql`(${assets.sortAt}, ${assets.id}) < (${sortAt}, ${id})`
    : sql`(${assets.sortAt}, ${assets.id}) > (${sortAt}, ${id})`;
}

/**
 * One bound on the side being read: the keyset position or the date range's end on that side,
 * whichever is nearer. With both, SQLite took the range's end as the bound and walked the index
 * from there to the position: ~25 ms for a page in the middle of one year at 1M assets instead
 * of ~4 ms. A position inside the range implies its end; a position beyond it is passed by every
 * asset of the range.
 */
function oneBound(
  filter: LibraryFilter,
  after: { sortAt: number; id: string } | undefined,
  direction: 'older' | 'newer',
): { filter: LibraryFilter; after?: { sortAt: number; id: string } } {
  const end = direction === 'older' ? 'to' : 'from';
  const edge = filter[end];
  if (!after || !edge) return { filter, after };
  const inside = direction === 'older' ? after.sortAt < Date.parse(edge) : after.sortAt >= Date.parse(edge);
  return inside ? { filter: { ...filter, [end]: undefined }, after } : { filter };
}

/** Reads of a person's library; every query is scoped to the owner. */
export class AssetService {
  constructor(
    private readonly db: Db,
    private readonly searchLimits?: SearchLimits,
  ) {}

  /**
   * Newest first, by keyset (never OFFSET), so page 500 costs what page 1 costs; the Library
   * page's filters narrow it.
   */
  list(userId: string, input: AssetListInput & { filter?: LibraryFilter }): AssetPage {
    const { filter, after } = oneBound(
      input.filter ?? {},
      input.cursor ? decodeCursor(input.cursor) : undefined,
      'older',
    );
    const rows = this.db
      .select(cardColumns)
      .from(assets)
      .where(
        and(
          ...libraryConditions(this.db, userId, filter, this.searchLimits),
          after ? keysetBeyond('older', after.sortAt, after.id) : undefined,
        ),
      )
      .orderBy(desc(assets.sortAt), desc(assets.id))
      .limit(input.limit + 1)
      .all();
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > input.limit && last ? encodeCursor({ sortAt: last.sortAt.getTime(), id: last.id }) : null;
    return { items: this.summarise(page), nextCursor };
  }

  /** The assets either side of one, in library order and within the same filters. */
  neighbours(userId: string, assetId: string, filter: LibraryFilter): LibraryNeighbours {
    const current = this.db
      .select({ id: assets.id, sortAt: assets.sortAt })
      .from(assets)
      .where(and(eq(assets.id, assetId), eq(assets.userId, userId)))
      .get();
    if (!current) throw new KeepsakeError('NOT_FOUND', `There is no asset ${assetId} in your library.`);
    const position = { sortAt: current.sortAt.getTime(), id: current.id };
    const side = (newer: boolean) => {
      const direction = newer ? 'newer' : 'older';
      const { filter: narrowed, after } = oneBound(filter, position, direction);
      return this.db
        .select(cardColumns)
        .from(assets)
        .where(
          and(
            ...libraryConditions(this.db, userId, narrowed, this.searchLimits),
            after ? keysetBeyond(direction, after.sortAt, after.id) : undefined,
          ),
        )
        .orderBy(...(newer ? [asc(assets.sortAt), asc(assets.id)] : [desc(assets.sortAt), desc(assets.id)]))
        .limit(1)
        .all();
    };
    const [previous] = this.summarise(side(true));
    const [next] = this.summarise(side(false));
    return { previous: previous ?? null, next: next ?? null };
  }

  /** A derived image (grid thumbnail, preview) of the asset's primary resource; NOT_FOUND also for others' assets. */
  derivative(userId: string, assetId: string, kind: DerivativeKind): StoredBlob {
    const primary = this.primaryOf(userId, assetId);
    const derived = derivativeQuery(this.db).get({ fileId: primary.fileId, kind });
    if (!derived) {
      throw new KeepsakeError(
        'NOT_FOUND',
        `Asset ${assetId} has no ${kind} yet; it is still being processed or failed.`,
      );
    }
    return {
      storageKey: derived.storageKey,
      contentType: derived.contentType,
      size: derived.size,
      // Images made before their own hash was recorded keep the ETag they had: the original's.
      sha256: derived.sha256 ?? primary.sha256,
      filename: `${primary.filename}.${kind}.${derived.contentType === 'image/jpeg' ? 'jpg' : 'webp'}`,
    };
  }

  /**
   * The original bytes of one resource: by default the primary one (the edited render when there
   * is one); `resourceId` picks another (the unedited original, a Live Photo's motion).
   */
  original(userId: string, assetId: string, resourceId?: string): StoredBlob {
    const rows = this.resourcesOf(userId, assetId);
    const chosen = resourceId ? rows.find((r) => r.id === resourceId) : pickPrimary(rows);
    if (!chosen) {
      throw new KeepsakeError(
        'NOT_FOUND',
        `There is no ${resourceId ? `resource ${resourceId} of ` : ''}asset ${assetId} in your library.`,
      );
    }
    return {
      storageKey: chosen.storageKey,
      contentType: chosen.contentType ?? 'application/octet-stream',
      size: chosen.size,
      sha256: chosen.sha256,
      filename: chosen.filename,
    };
  }

  /** Metadata, every resource and how its processing went. */
  detail(userId: string, assetId: string): AssetDetail {
    const asset = this.db
      .select()
      .from(assets)
      .where(and(eq(assets.id, assetId), eq(assets.userId, userId)))
      .get();
    if (!asset) throw new KeepsakeError('NOT_FOUND', `There is no asset ${assetId} in your library.`);
    const [summary] = this.summarise([asset]);
    const rows = this.resourcesOf(userId, assetId);
    const jobRows = this.db
      .select()
      .from(jobs)
      .where(
        inArray(
          jobs.subject,
          rows.map((r) => r.fileId),
        ),
      )
      .all();
    const processing = (fileId: string, kind: JobKind) => {
      const job = jobRows.find((j) => j.subject === fileId && j.kind === kind);
      return {
        state: job?.state ?? null,
        error: job?.lastErrorCode
          ? { code: job.lastErrorCode, message: job.lastErrorMessage ?? '', step: job.lastErrorStep }
          : null,
      };
    };
    const device = asset.deviceId
      ? (this.db
          .select({ id: devices.id, name: devices.name })
          .from(devices)
          .where(eq(devices.id, asset.deviceId))
          .get() ?? null)
      : null;
    return {
      ...summary!,
      takenAtOffset: asset.takenAtOffset,
      make: asset.make,
      model: asset.model,
      lens: asset.lens,
      width: asset.width,
      height: asset.height,
      latitude: asset.latitude,
      longitude: asset.longitude,
      favorite: asset.favorite,
      contentIdentifier: asset.contentIdentifier,
      device,
      resources: rows.map((r) => ({
        id: r.id,
        type: r.type,
        filename: r.filename,
        contentType: r.contentType,
        size: r.size,
        sha256: r.sha256,
        createdAt: r.createdAt.toISOString(),
        processing: {
          thumbnail: processing(r.fileId, 'thumbnail'),
          metadata: processing(r.fileId, 'metadata'),
        },
      })),
    };
  }

  private primaryOf(userId: string, assetId: string) {
    const primary = pickPrimary(this.resourcesOf(userId, assetId));
    if (!primary) throw new KeepsakeError('NOT_FOUND', `There is no asset ${assetId} in your library.`);
    return primary;
  }

  private resourcesOf(userId: string, assetId: string) {
    return assetResourcesQuery(this.db).all({ assetId, userId });
  }

  private summarise(page: AssetCard[]): AssetSummary[] {
    if (page.length === 0) return [];
    const resourceRows = pageResources(
      this.db,
      page.map((a) => a.id),
    );
    const byAsset = new Map<string, typeof resourceRows>();
    for (const row of resourceRows) byAsset.set(row.assetId, [...(byAsset.get(row.assetId) ?? []), row]);
    return page.map((asset) => {
      const own = byAsset.get(asset.id) ?? [];
      const primary = pickPrimary(own);
      return {
        id: asset.id,
        kind: asset.kind,
        filename: primary?.filename ?? '',
        size: own.reduce((sum, r) => sum + r.size, 0),
        takenAt: asset.takenAt?.toISOString() ?? null,
        uploadedAt: asset.createdAt.toISOString(),
        durationMs: asset.durationMs,
        thumbhash: primary?.thumbhash ?? null,
        thumbnail: {
          state: primary?.thumbState ?? null,
          url: primary?.hasThumb ? `/api/v1/assets/${asset.id}/thumbnail` : null,
          width: primary?.thumbWidth ?? null,
          height: primary?.thumbHeight ?? null,
        },
      };
    });
  }
}

/**
 * An asset's resources with their files, and a file's derived image, prepared once per
 * connection: every thumbnail on a Library screen asks both, and building and preparing them
 * anew was most of the ~0.6 ms each thumbnail request took before its bytes were sent.
 */
const assetResourcesQuery = perConnection((db) =>
  db
    .select({
      id: resources.id,
      type: resources.type,
      filename: resources.filename,
      contentType: resources.contentType,
      createdAt: resources.createdAt,
      fileId: files.id,
      storageKey: files.storageKey,
      size: files.size,
      sha256: files.sha256,
    })
    .from(resources)
    .innerJoin(assets, eq(assets.id, resources.assetId))
    .innerJoin(files, eq(files.id, resources.fileId))
    .where(and(eq(assets.id, sql.placeholder('assetId')), eq(assets.userId, sql.placeholder('userId'))))
    .prepare(),
);
const derivativeQuery = perConnection((db) =>
  db
    .select()
    .from(derivatives)
    .where(
      and(eq(derivatives.fileId, sql.placeholder('fileId')), eq(derivatives.kind, sql.placeholder('kind'))),
    )
    .prepare(),
);

/** Assets per prepared lookup: a Library page (`fixedSizeLists` pads shorter ones). */
const lookupSize = 200;

/** One resource of a Library page's asset, as its card needs it. */
type PageResource = Pick<typeof resources.$inferSelect, 'assetId' | 'type' | 'filename'> &
  Pick<typeof files.$inferSelect, 'size' | 'thumbhash'> & {
    thumbWidth: number | null;
    thumbHeight: number | null;
    hasThumb: boolean;
    thumbState: JobState | null;
  };
type PageResourceRow = [
  PageResource['assetId'],
  PageResource['type'],
  PageResource['filename'],
  PageResource['size'],
  PageResource['thumbhash'],
  PageResource['thumbWidth'],
  PageResource['thumbHeight'],
  hasThumb: 0 | 1,
  PageResource['thumbState'],
];

/**
 * Every resource of a page's assets with its file, grid thumbnail and thumbnail job, in one
 * statement (three separate IN-list lookups took ~1.7× as long for a page of 200), prepared once
 * per connection: building and preparing a 200-value query was a tenth of a page's time.
 * The job is looked up only for a resource without a thumbnail, the only time a card shows its
 * state: one lookup fewer per resource took a page's resources from ~6 to ~4 ms at 100k assets.
 * Plain SQL, as the upload check's lookups: the card indexes (migration 0020) hold what the page
 * reads of resources and derivatives, and `indexed by` keeps the planner, which has no statistics,
 * from the unique index on derivatives, which would read each row. Rows are read as arrays and
 * named here: Drizzle's mapping of a Live Photos page's 400 rows took ~2 of its ~9 ms at a
 * million assets.
 */
const pageResourcesSql = `select r.asset_id, r.type, r.filename, f.size, f.thumbhash, d.width, d.height,
    d.file_id is not null,
    case when d.file_id is not null then 'succeeded' else (
      select j.state from jobs j where j.kind = 'thumbnail' and j.subject = r.file_id
    ) end
  from resources r indexed by resources_asset_card_idx
  join files f on f.id = r.file_id
  left join derivatives d indexed by derivatives_card_idx on d.file_id = r.file_id and d.kind = 'thumbnail'
  where r.asset_id in (${Array.from({ length: lookupSize }, () => '?').join(', ')})`;

const pageResourcesQuery = perConnection((db) => {
  const statement = db.$client.prepare<unknown[], PageResourceRow>(pageResourcesSql).raw();
  return (ids: readonly string[]): PageResource[] =>
    statement
      .all(ids)
      .map(([assetId, type, filename, size, thumbhash, thumbWidth, thumbHeight, hasThumb, thumbState]) => ({
        assetId,
        type,
        filename,
        size,
        thumbhash,
        thumbWidth,
        thumbHeight,
        hasThumb: hasThumb === 1,
        thumbState,
      }));
});

function pageResources(db: Db, assetIds: string[]): PageResource[] {
  const rows: PageResource[] = [];
  for (const part of fixedSizeLists(assetIds, lookupSize)) rows.push(...pageResourcesQuery(db)(part));
  return rows;
}
