import type { Db } from './client.js';

/**
 * `build` run once per database connection and its result kept with it: how statements on hot
 * paths are prepared once instead of on every call (Drizzle's builder and SQLite's prepare cost
 * more than running the statement).
 */
export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let found = built.get(db);
    if (found === undefined) {
      found = build(db);
      built.set(db, found);
    }
    return found;
  };
}
