import { resourceTypes, uploadStates } from '@keepsake/shared';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { assets, resources } from './assets.js';
import { id, timestamp } from './columns.js';
import { devices } from './devices.js';
import { users } from './users.js';

/**
 * Every upload attempt the server saw. The phone cannot see progress or failures, so this
 * record is the only place a person can (docs/ios-upload-contract.md).
 */
export const uploads = sqliteTable(
  'uploads',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    deviceId: text('device_id').references(() => devices.id, { onDelete: 'set null' }),
    deviceAssetId: text('device_asset_id'),
    resourceType: text('resource_type', { enum: resourceTypes }).notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type'),
    state: text('state', { enum: uploadStates }).notNull().default('receiving'),
    expectedSize: integer('expected_size'),
    receivedBytes: integer('received_bytes').notNull().default(0),
    sha256: text('sha256'),
    assetId: text('asset_id').references(() => assets.id, { onDelete: 'set null' }),
    resourceId: text('resource_id').references(() => resources.id, { onDelete: 'set null' }),
    /** What the client said about the asset (dates, favourite, location), applied on finish. */
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, unknown>>(),
    startedAt: timestamp('started_at')
      .notNull()
      .$defaultFn(() => new Date()),
    updatedAt: timestamp('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
    finishedAt: timestamp('finished_at'),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    /** A person dismissed this failed upload on the Failures page; the record itself stays. */
    dismissedAt: timestamp('dismissed_at'),
    /**
     * For a failed or expired upload: when a later upload from the same device stored the same
     * resource (or, without the phone's asset id, the same file name), so the failure is fixed.
     * Set by triggers (migration 0018) as either side happens.
     */
    resolvedAt: timestamp('resolved_at'),
  },
  (t) => [
    index('uploads_user_state_idx').on(t.userId, t.state, t.startedAt),
    // Expiry looks for uploads still receiving that went quiet: found without a table scan.
    index('uploads_state_updated_idx').on(t.state, t.updatedAt),
    // A device's last upload, and whether a failed upload was sent again later (by the phone's
    // asset id, or by file name for uploads without one), each one index range.
    index('uploads_user_state_device_idx').on(t.userId, t.state, t.deviceId, t.finishedAt),
    index('uploads_user_state_asset_idx').on(t.userId, t.state, t.deviceAssetId),
    index('uploads_user_state_filename_idx').on(t.userId, t.state, t.filename),
  ],
);
