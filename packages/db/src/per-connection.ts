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

/**
 * `values` in lists of exactly `size`, the last list padded by repeating its last value (harmless
 * in an `IN` list): one statement prepared for `size` values serves every request.
 */
export function* fixedSizeLists<T>(values: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < values.length; start += size) {
    const part = values.slice(start, start + size);
    const last = part[part.length - 1] as T;
    while (part.length < size) part.push(last);
    yield part;
  }
}
