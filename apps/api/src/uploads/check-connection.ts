import Database from 'better-sqlite3';

/**
 * How much of the database a check thread maps into memory. A page inside the map is read where
 * it lies; a page beyond it is copied by a system call into the thread's own page cache. At a
 * million assets the file is ~6 GB and the check's indexes are spread all over it, so the whole
 * file is mapped: the 5,000-entry check's median fell 10–20 % against the 2 GiB map (same-time
 * A/B runs, docs/performance.md). Stock SQLite maps at most 2 GiB; Keepsake builds it with a
 * 64 GiB limit (patches/better-sqlite3@12.11.1.patch). A 32-bit system keeps 2 GiB: its address
 * space has no room for more. While checks run, the server's RSS counts the mapped pages they read
 * (up to ~4 GB at a million assets): the page cache's own pages, shared and dropped under memory
 * pressure, and unmapped when the threads end after a minute without checks.
 */
export const checkMapBytes = process.arch === 'arm' || process.arch === 'ia32' ? 2147418112 : 64 * 1024 ** 3;

/**
 * A check thread's read-only connection. In WAL mode it reads the last committed state, as the
 * event loop's connection would; the check route flushes the WAL before it answers, so no record
 * it reports can still be lost.
 */
export function openCheckConnection(file: string): Database.Database {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`mmap_size = ${checkMapBytes}`);
  return sqlite;
}
