import { assetKinds, derivativeKinds, resourceTypes } from '@keepsake/shared';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp } from './columns.js';
import { devices } from './devices.js';
import { users } from './users.js';

/**
 * Bytes stored once per user. Two resources with the same content point at one file; the
 * unique (user, sha256) index settles simultaneous uploads of the same bytes.
 */
export const files = sqliteTable(
  'files',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    /** A ~25-byte placeholder the grid paints before the thumbnail arrives (base64). */
    thumbhash: text('thumbhash'),
    createdAt: createdAt(),
    /**
     * The first resource holding these bytes (by asset id, then id) and its asset, or null while
     * none does: what the upload check names for content it finds. Kept by triggers on
     * `resources` (migration 0015); nothing else writes them.
     */
    firstAssetId: text('first_asset_id'),
    firstResourceId: text('first_resource_id'),
  },
  (t) => [
    uniqueIndex('files_user_sha256_idx').on(t.userId, t.sha256),
    // The upload check's lookup by content: one search of this index answers it, without reading
    // rows or searching `resources` for the holder (half the time at a million files). The hash
    // leads: each comparison on the way down is decided by the first column, where a leading
    // user id, the same in every key a person searches, was compared in full first (migration
    // 0016: a fifth less time per search at a million files).
    index('files_sha256_user_holder_idx').on(t.sha256, t.userId, t.size, t.firstAssetId, t.firstResourceId),
  ],
);

/** A photo or video as a person sees it; its bytes are its resources. */
export const assets = sqliteTable(
  'assets',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    deviceId: text('device_id').references(() => devices.id, { onDelete: 'set null' }),
    /** The phone's own identifier (PhotoKit `localIdentifier`); null for uploads without one. */
    deviceAssetId: text('device_asset_id'),
    kind: text('kind', { enum: assetKinds }).notNull().default('other'),
    /** Capture time; the library sorts on it, falling back to the upload time. */
    takenAt: timestamp('taken_at'),
    modifiedAt: timestamp('modified_at'),
    favorite: integer('favorite', { mode: 'boolean' }).notNull().default(false),
    latitude: real('latitude'),
    longitude: real('longitude'),
    /** The capture time's UTC offset as the camera wrote it (e.g. +02:00), for local display. */
    takenAtOffset: text('taken_at_offset'),
    make: text('make'),
    model: text('model'),
    lens: text('lens'),
    /** Upright dimensions (after EXIF orientation or video rotation). */
    width: integer('width'),
    height: integer('height'),
    durationMs: integer('duration_ms'),
    /** Apple's ContentIdentifier: joins a Live Photo's still and motion uploaded separately. */
    contentIdentifier: text('content_identifier'),
    /** takenAt or createdAt, kept in one column so newest-first paging is one index walk. */
    sortAt: timestamp('sort_at').notNull(),
    createdAt: createdAt(),
    /**
     * The asset's resources as `type=id` pairs joined by commas, in no order, or null while it
     * has none: what the upload check reads for an asset it finds. Kept by triggers on
     * `resources` (migration 0015); nothing else writes it.
     */
    resourceList: text('resource_list'),
  },
  (t) => [
    uniqueIndex('assets_device_asset_idx')
      .on(t.deviceId, t.deviceAssetId)
      .where(sql`${t.deviceAssetId} is not null`),
    // The upload check's lookup by the phone's asset id: one search of this index answers it,
    // resources included, without reading rows or searching `resources`. The phone's id leads,
    // not the device every key of one phone's check shares (migration 0016, as for files).
    index('assets_asset_device_check_idx')
      .on(t.deviceAssetId, t.deviceId, t.userId, t.modifiedAt, t.id, t.resourceList)
      .where(sql`${t.deviceAssetId} is not null`),
    index('assets_user_sort_idx').on(t.userId, t.sortAt, t.id),
    index('assets_user_content_identifier_idx').on(t.userId, t.contentIdentifier),
    // The Library's filter menus and the Overview count by these without reading rows, and a page
    // filtered by kind or device is one range of them, already in library order: with (user,
    // kind) alone a page of Live Photos sorted every Live Photo first.
    index('assets_user_kind_sort_idx').on(t.userId, t.kind, t.sortAt, t.id),
    index('assets_user_device_sort_idx').on(t.userId, t.deviceId, t.sortAt, t.id),
    // A page of one camera's photos is one range too: with (user, make, model) alone SQLite walked
    // the library newest first, skipping other cameras' photos (at 1M assets, 15-28 ms warm and
    // ~0.2 s cold for a camera that took a tenth of them; a rarer camera walks further).
    index('assets_user_camera_sort_idx').on(t.userId, t.make, t.model, t.sortAt, t.id),
  ],
);

export const resources = sqliteTable(
  'resources',
  {
    id: id(),
    assetId: text('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    type: text('type', { enum: resourceTypes }).notNull(),
    /** The client's file name, kept as data only: it never becomes a path. */
    filename: text('filename').notNull(),
    contentType: text('content_type'),
    fileId: text('file_id')
      .notNull()
      .references(() => files.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('resources_asset_type_idx').on(t.assetId, t.type),
    // The card and file indexes carry the resource's ids so the upload check reads no resource
    // rows. The card index also carries what a Library card shows of a resource, so a page of
    // 200 Live Photos reads none either (its resources took ~7 → ~6 ms at a million assets).
    index('resources_asset_card_idx').on(t.assetId, t.type, t.id, t.fileId, t.filename),
    index('resources_file_idx').on(t.fileId, t.assetId, t.id),
  ],
);

/**
 * The file-name search index's rows: one per resource, numbered for `resource_names`, the FTS5
 * trigram table that migration 0009 creates beside it (Drizzle cannot declare virtual tables).
 * `row` is an explicit INTEGER PRIMARY KEY because VACUUM may renumber the implicit rowids of
 * `resources`, and the index would then point at the wrong names. Triggers on `resources` keep
 * both tables; nothing writes them directly. `asset_id` follows a resource that moves to another
 * asset (a Live Photo's motion clip joining its still).
 */
export const resourceNameRows = sqliteTable('resource_name_rows', {
  row: integer('row').primaryKey(),
  resourceId: text('resource_id').notNull().unique('resource_name_rows_resource_idx'),
  assetId: text('asset_id').notNull(),
});

/** Files made from a stored file (grid thumbnail, later previews and posters). */
export const derivatives = sqliteTable(
  'derivatives',
  {
    id: id(),
    fileId: text('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: derivativeKinds }).notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    size: integer('size').notNull(),
    /**
     * The derived image's own hash, its ETag: a thumbnail made again (after a re-run) is written
     * under the same key, and an ETag of the original's hash told browsers to keep the old one.
     * Null for images made before it was recorded.
     */
    sha256: text('sha256'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('derivatives_file_kind_idx').on(t.fileId, t.kind),
    // A Library card's thumbnail size without reading the row: with the card index on resources,
    // a page of 200 Live Photos took ~5 ms instead of ~7 at a million assets.
    index('derivatives_card_idx').on(t.fileId, t.kind, t.width, t.height),
  ],
);

/**
 * How many assets of each kind a person has, kept by triggers on `assets` (migration 0013): the
 * Overview shows them on every visit, and counting a person's assets took ~0.2 s (2 s cold) at a
 * million, on the event loop.
 */
export const assetCounts = sqliteTable(
  'asset_counts',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: assetKinds }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * A person's uploads and new bytes per quarter of an hour, kept by triggers on `uploads`, `files`
 * and `derivatives` (migration 0017): the Overview's 30-day chart and "uploaded today" read at
 * most ~3,000 of these rows. Summed from the rows themselves on every visit, a library of 100k
 * assets imported this month cost ~1 s on the event loop, and "today" ~0.1 s every 15 s.
 */
export const historyBuckets = sqliteTable(
  'history_buckets',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The quarter-hour: milliseconds since 1970 divided by 900,000, rounded down. */
    bucket: integer('bucket').notNull(),
    /** Uploads stored in it, by when they finished (duplicates too: they are uploads). */
    uploads: integer('uploads').notNull().default(0),
    uploadedBytes: integer('uploaded_bytes').notNull().default(0),
    /** Bytes of originals and of thumbnails and previews made in it that are still kept. */
    fileBytes: integer('file_bytes').notNull().default(0),
    derivativeBytes: integer('derivative_bytes').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.bucket] })],
);
