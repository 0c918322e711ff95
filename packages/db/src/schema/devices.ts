import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp } from './columns.js';
import { users } from './users.js';

/** A phone or uploader. Its API key is shown once; only the key's SHA-256 is kept. */
export const devices = sqliteTable(
  'devices',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at'),
    lastSeenAddress: text('last_seen_address'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [index('devices_user_idx').on(t.userId)],
);
