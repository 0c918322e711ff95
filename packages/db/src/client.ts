import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { applyMigrations } from './migrate.js';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface OpenedDatabase {
  db: Db;
  sqlite: Sqlite;
  close(): void;
}

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 *
 * synchronous=FULL because an upload is acknowledged as soon as its transaction commits: with
 * NORMAL, WAL mode may lose the last commits on power loss, i.e. photos the phone already
 * believes are safe.
 */
export function openDatabase(file: string): OpenedDatabase {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  applyMigrations(db);
  return { db, sqlite, close: () => sqlite.close() };
}
