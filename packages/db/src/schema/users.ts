import { userRoles } from '@keepsake/shared';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp } from './columns.js';

export const users = sqliteTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: userRoles }).notNull().default('member'),
  /** Optional storage limit for this person's originals; null means none. */
  quotaBytes: integer('quota_bytes'),
  /**
   * Bytes of originals this person stores, each distinct file once. Kept by triggers on `files`
   * (migration 0008), whoever inserts or deletes a row: the quota check runs on every upload, and
   * summing a person's files took ~20 ms at 100,000 files, twice per upload.
   */
  usedBytes: integer('used_bytes').notNull().default(0),
  /**
   * Bytes of thumbnails and previews made from this person's files. Kept by triggers on
   * `derivatives` and `files` (migration 0012): the Overview shows it on every visit, and summing
   * a person's derivatives took ~0.2 s of the event loop at 100,000 files.
   */
  derivativeBytes: integer('derivative_bytes').notNull().default(0),
  createdAt: createdAt(),
});

/** A browser sign-in. The cookie holds a random token; only its SHA-256 is stored here. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at').notNull(),
    lastSeenAt: timestamp('last_seen_at'),
    userAgent: text('user_agent'),
    address: text('address'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
