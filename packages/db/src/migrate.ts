import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Database from 'better-sqlite3';
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

/**
 * The migrations an existing database is about to get, oldest first, by tag; none for a new
 * one. The same test as Drizzle's migrator: every migration made after the last one applied.
 */
export function pendingUpgrades(sqlite: Database.Database): string[] {
  const applied = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!applied) return [];
  const last = sqlite.prepare('select max(created_at) as at from __drizzle_migrations').get() as {
    at: number | null;
  };
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries.filter((entry) => entry.when > Number(last.at ?? 0)).map((entry) => entry.tag);
}
