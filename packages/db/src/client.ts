import { closeSync, fsync, open } from 'node:fs';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { applyMigrations, pendingUpgrades } from './migrate.js';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
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
/** What the WAL file is cut back to when it starts over after a checkpoint. */
export const walSizeLimitBytes = 64 * 1024 * 1024;

export interface OpenOptions {
  /**
   * Told before an existing database is upgraded, with the migrations' tags: on a large library
   * an upgrade can take minutes (0015 takes ~1 min at a million assets on two cores), during
   * which the server does not answer.
   */
  onUpgrade?: (migrations: string[]) => void;
}

export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Reads map the file instead of copying each page out of the OS page cache with a system
  // call: lookups spread over a large library (a phone's 5,000-entry upload check) ran about a
  // third faster. Mapped pages are the page cache itself, shared and reclaimable, not heap.
  // Writes still go through the WAL.
  sqlite.pragma('mmap_size = 1073741824');
  // A busy backup grows the WAL between checkpoints (tens of MiB in 30 s); SQLite reuses the
  // file from its start but never shrinks it. When the WAL starts over, it is cut back to this.
  sqlite.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
  const db = drizzle(sqlite, { schema });
  const upgrades = pendingUpgrades(sqlite);
  if (upgrades.length) options.onUpgrade?.(upgrades);
  applyMigrations(db);
  const close = () => {
    flushers.get(sqlite)?.close();
    sqlite.close();
  };
  return { db, sqlite, close };
}

/**
 * Runs `write` with its commits written to the WAL but not fsynced (synchronous=NORMAL), for
 * bookkeeping a power cut may lose: job leases and outcomes, upload progress. Each fsync of the
 * WAL blocks the event loop, and these were most of an upload's. Nothing acknowledged is put at
 * risk: SQLite replays the WAL in order, so a power cut loses only the newest of these commits,
 * never one before a synchronous=FULL commit (an upload's record), whose fsync covers them too.
 * Inside a transaction SQLite cannot change the level: the outer transaction's applies.
 */
export function unsynced<T>(db: Db, write: () => T): T {
  const sqlite = db.$client;
  if (sqlite.inTransaction) return write();
  // Not prepared once: SQLite applies `synchronous` when the statement is prepared, so running a
  // prepared one again changes nothing.
  sqlite.pragma('synchronous = NORMAL');
  try {
    return write();
  } finally {
    sqlite.pragma('synchronous = FULL');
  }
}

interface WalFlusher {
  flush(): Promise<void>;
  close(): void;
}
const flushers = new WeakMap<Sqlite, WalFlusher>();

/**
 * Resolves once every commit made so far on this connection is on disk, by fsyncing the WAL
 * file on libuv's thread pool: a commit made with `unsynced` and then awaited here is as durable
 * as a synchronous=FULL one, without blocking the event loop for the fsync (every other request
 * waited behind it). Concurrent callers share fsyncs (group commit); a caller whose commit came
 * after the start of the fsync in flight waits for the next one.
 */
export function flushWal(db: Db): Promise<void> {
  const sqlite = db.$client;
  let flusher = flushers.get(sqlite);
  if (!flusher) {
    const changes = sqlite.prepare<[], number>('select total_changes()').pluck();
    flusher = walFlusher(`${sqlite.name}-wal`, () => changes.get() as number);
    flushers.set(sqlite, flusher);
  }
  return flusher.flush();
}

/**
 * The WAL file stays open between flushes (one thread-pool round trip per flush, not three):
 * while a connection is open SQLite rewinds and overwrites its WAL, it never replaces the file.
 * `changes` is the connection's count of rows written so far: when it has not moved since a
 * flush that succeeded began, there is nothing to flush (an upload check asks after every
 * answer, and the fsync of an unchanged file still waits for the disk's cache to be flushed).
 */
function walFlusher(walFile: string, changes: () => number): WalFlusher {
  let fd: number | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  let flushedUpTo: number | undefined;
  const fsyncWal = () =>
    new Promise<void>((resolve, reject) => {
      const sync = (descriptor: number) => fsync(descriptor, (error) => (error ? reject(error) : resolve()));
      if (fd !== undefined) return sync(fd);
      open(walFile, 'r', (error, opened) => {
        if (error) return reject(error);
        fd = opened;
        sync(opened);
      });
    });
  const flush = (): Promise<void> => {
    const written = changes();
    if (!running && written === flushedUpTo) return Promise.resolve();
    if (!running) {
      running = fsyncWal()
        .then(() => {
          flushedUpTo = written;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    }
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return flush();
      });
    return next;
  };
  return {
    flush,
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
