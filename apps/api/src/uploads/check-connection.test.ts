import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempDatabase } from '../testing/temp-db.js';
import { checkMapBytes, openCheckConnection } from './check-connection.js';

let database: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  database = tempDatabase();
});
afterEach(() => database.cleanup());

it('maps the whole of a large library: SQLite is built to map beyond 2 GiB', () => {
  const sqlite = openCheckConnection(path.join(database.dir, 'keepsake.sqlite'));
  try {
    // SQLite lowers the setting to its build's limit without a word: a stock build reads back
    // 2147418112. Then better-sqlite3 was not built from patches/better-sqlite3@12.11.1.patch
    // (`pnpm install` compiles it; without a compiler it falls back to the stock binary).
    expect(sqlite.pragma('mmap_size', { simple: true })).toBe(checkMapBytes);
    if (process.arch === 'x64' || process.arch === 'arm64') expect(checkMapBytes).toBeGreaterThan(2 ** 31);
  } finally {
    sqlite.close();
  }
});

it('reads only: a check can never change the library', () => {
  const sqlite = openCheckConnection(path.join(database.dir, 'keepsake.sqlite'));
  try {
    expect(() => sqlite.prepare("delete from files where user_id = 'anyone'").run()).toThrow(/readonly/);
  } finally {
    sqlite.close();
  }
});
