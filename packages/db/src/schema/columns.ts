import { integer, text } from 'drizzle-orm/sqlite-core';

/** Primary keys are random UUIDs made by the server, never taken from a client. */
export const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

/** Milliseconds since the epoch; Drizzle hands them over as `Date`. */
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const createdAt = () =>
  timestamp('created_at')
    .notNull()
    .$defaultFn(() => new Date());
