import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flushWal, openDatabase, unsynced, walSizeLimitBytes } from './client.js';
import { files, users } from './schema/index.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-db-'));
  dirs.push(dir);
  return path.join(dir, 'keepsake.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the file, applies every migration and sets durable pragmas', () => {
    const file = tempFile();
    const { sqlite, close } = openDatabase(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['users', 'devices', 'assets', 'resources', 'files', 'uploads', 'jobs']),
    );
    close();
  });

  it('cuts the WAL back after a busy period instead of keeping its largest size', () => {
    const file = tempFile();
    const { sqlite, close } = openDatabase(file);
    // As in the server: checkpoints run apart from the commits (packages/db/src/checkpoints.ts).
    sqlite.pragma('wal_autocheckpoint = 0');
    sqlite.exec('create table busy (bytes blob)');
    const insert = sqlite.prepare('insert into busy (bytes) values (randomblob(?))');
    sqlite.transaction(() => {
      for (let i = 0; i < 96; i++) insert.run(1024 * 1024);
    })();
    const wal = `${file}-wal`;
    expect(fs.statSync(wal).size).toBeGreaterThan(walSizeLimitBytes);

    sqlite.pragma('wal_checkpoint(PASSIVE)');
    // The next commit starts the WAL over, and cuts the file back.
    insert.run(1024);
    expect(fs.statSync(wal).size).toBeLessThanOrEqual(walSizeLimitBytes);
    close();
  });

  it('is idempotent: opening twice keeps the data', () => {
    const file = tempFile();
    const first = openDatabase(file);
    first.db.insert(users).values({ email: 'a@example.com', passwordHash: 'x' }).run();
    first.close();
    const second = openDatabase(file);
    expect(second.db.select().from(users).all()).toHaveLength(1);
    second.close();
  });

  it('refuses a second file with the same bytes for one user', () => {
    const { db, close } = openDatabase(tempFile());
    const [user] = db.insert(users).values({ email: 'a@example.com', passwordHash: 'x' }).returning().all();
    const row = { userId: user!.id, sha256: 'ab'.repeat(32), size: 1 };
    db.insert(files)
      .values({ ...row, storageKey: 'k1' })
      .run();
    expect(() =>
      db
        .insert(files)
        .values({ ...row, storageKey: 'k2' })
        .run(),
    ).toThrow(/UNIQUE/);
    close();
  });
});

describe('unsynced', () => {
  it('relaxes fsync for its own commits only, and restores FULL even when the write throws', () => {
    const { db, sqlite, close } = openDatabase(tempFile());
    const level = () => sqlite.pragma('synchronous', { simple: true });
    expect(unsynced(db, () => level())).toBe(1);
    expect(level()).toBe(2);
    expect(() =>
      unsynced(db, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(level()).toBe(2);
    close();
  });

  it('leaves a surrounding transaction at FULL: SQLite cannot change the level inside one', () => {
    const { db, sqlite, close } = openDatabase(tempFile());
    db.transaction((tx) => {
      unsynced(db, () => tx.insert(users).values({ email: 'b@example.com', passwordHash: 'x' }).run());
      expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    });
    expect(db.select().from(users).all()).toHaveLength(1);
    close();
  });
});

describe('flushWal', () => {
  it('shares fsyncs between concurrent callers, and never lets a later one ride on an earlier fsync', async () => {
    const { db, close } = openDatabase(tempFile());
    unsynced(db, () => db.insert(users).values({ email: 'c@example.com', passwordHash: 'x' }).run());
    const first = flushWal(db);
    // Both commit after the first fsync started: they wait for the next one, together.
    const second = flushWal(db);
    const third = flushWal(db);
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    let firstDone = false;
    void first.then(() => {
      firstDone = true;
    });
    await second;
    expect(firstDone).toBe(true);
    await expect(flushWal(db)).resolves.toBeUndefined();
    close();
  });

  it('fsyncs only when something was written since the last flush began', async () => {
    const { db, close } = openDatabase(tempFile());
    const settlesAtOnce = async () => {
      let done = false;
      const flushed = flushWal(db).then(() => {
        done = true;
      });
      // An fsync goes through the thread pool: it cannot finish within a few microtasks.
      for (let i = 0; i < 5; i++) await Promise.resolve();
      const atOnce = done;
      await flushed;
      return atOnce;
    };
    unsynced(db, () => db.insert(users).values({ email: 'd@example.com', passwordHash: 'x' }).run());
    expect(await settlesAtOnce()).toBe(false);
    expect(await settlesAtOnce()).toBe(true);
    unsynced(db, () => db.insert(users).values({ email: 'e@example.com', passwordHash: 'x' }).run());
    expect(await settlesAtOnce()).toBe(false);

    // A commit made while an fsync is in flight is not covered by it: the next flush fsyncs again.
    unsynced(db, () => db.insert(users).values({ email: 'f@example.com', passwordHash: 'x' }).run());
    const inFlight = flushWal(db);
    unsynced(db, () => db.insert(users).values({ email: 'g@example.com', passwordHash: 'x' }).run());
    let nextDone = false;
    const next = flushWal(db).then(() => {
      nextDone = true;
    });
    await inFlight;
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(nextDone).toBe(false);
    await next;
    close();
  });
});
