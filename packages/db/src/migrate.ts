import { createRequire } from 'node:module';
import path from 'node:path';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

/**
 * The generated SQL in `packages/db/drizzle/`. Resolved through the package name, not a
 * relative path, so it is found both from source and from the api's bundled `dist/`.
 * Shipped migrations are never edited: change the schema and run `pnpm --filter @keepsake/db generate`.
 */
export const migrationsFolder = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@keepsake/db/package.json')),
  'drizzle',
);

export function applyMigrations(db: BetterSQLite3Database<Record<string, unknown>>): void {
  migrate(db, { migrationsFolder });
}
