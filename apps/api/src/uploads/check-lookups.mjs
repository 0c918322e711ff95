// @ts-check
// The upload check's database lookups. Large checks run them in worker threads, each with its
// own read-only connection (check-threads.ts), small ones on the event loop's connection.
// Plain JavaScript so a worker runs the same file from source (tests) and from the bundled dist/.
import Database from 'better-sqlite3';

/** SQLite allows 32,766 bound parameters; 500 per IN list keeps each statement small and fast. */
export const listSize = 500;

const placeholders = Array(listSize).fill('?').join(',');
// Plain SQL rather than the query builder: building and preparing a 500-value query per list
// and mapping every row took about half of a 5,000-entry check.
const byContentSql = `select f.sha256, f.size, r.asset_id, r.id from files f
  left join resources r on r.file_id = f.id
  where f.user_id = ? and f.sha256 in (${placeholders})`;
// `indexed by` pins the (device, device asset id) index: without statistics the planner prefers
// (user, device) and reads every asset of the phone, about 13x slower at 100k assets.
/** @param {string} deviceClause */
const byAssetSql = (deviceClause) => `select a.device_asset_id, a.id, a.modified_at, r.type, r.id
  from assets a indexed by assets_device_asset_idx left join resources r on r.asset_id = a.id
  where a.user_id = ? and ${deviceClause} and a.device_asset_id in (${placeholders})`;

/** @typedef {[sha256: string, size: number, assetId: string | null, resourceId: string | null]} ContentRow */
/** @typedef {[deviceAssetId: string, assetId: string, modifiedAt: number | null, type: string | null, resourceId: string | null]} AssetRow */
/**
 * One share of a check: lists of exactly `listSize` values (padded by repeating the last one,
 * harmless in an IN list), so one prepared statement serves every request.
 * @typedef {{ userId: string, deviceId: string | null, hashLists: string[][], assetIdLists: string[][] }} LookupTask
 */
/** @typedef {{ content: ContentRow[], assets: AssetRow[] }} LookupRows */

/** @type {WeakMap<Database.Database, { byContent: Database.Statement, byAssetOfDevice: Database.Statement, byAssetWithoutDevice: Database.Statement }>} */
const prepared = new WeakMap();

/** @param {Database.Database} sqlite */
function statementsOf(sqlite) {
  let statements = prepared.get(sqlite);
  if (!statements) {
    statements = {
      byContent: sqlite.prepare(byContentSql).raw(),
      byAssetOfDevice: sqlite.prepare(byAssetSql('a.device_id = ?')).raw(),
      byAssetWithoutDevice: sqlite.prepare(byAssetSql('a.device_id is null')).raw(),
    };
    prepared.set(sqlite, statements);
  }
  return statements;
}

/**
 * The stored files with these hashes and the stored assets with these device asset ids, each
 * with its resources (raw rows; a file or asset appears once per resource).
 * @param {Database.Database} sqlite
 * @param {LookupTask} task
 * @returns {LookupRows}
 */
export function lookUp(sqlite, { userId, deviceId, hashLists, assetIdLists }) {
  const statements = statementsOf(sqlite);
  /** @type {ContentRow[]} */
  const content = [];
  for (const list of hashLists) {
    for (const row of statements.byContent.all(userId, ...list))
      content.push(/** @type {ContentRow} */ (row));
  }
  /** @type {AssetRow[]} */
  const assets = [];
  for (const list of assetIdLists) {
    const rows = deviceId
      ? statements.byAssetOfDevice.all(userId, deviceId, ...list)
      : statements.byAssetWithoutDevice.all(userId, ...list);
    for (const row of rows) assets.push(/** @type {AssetRow} */ (row));
  }
  return { content, assets };
}

/** A worker's connections, one per database file, opened on its first task. */
const connections = new Map();

/**
 * A worker thread's task: `lookUp` on its own read-only connection. In WAL mode it reads the
 * last committed state, as the event loop's connection would; the check route flushes the WAL
 * before it answers, so no record it reports can still be lost.
 * @param {LookupTask & { file: string }} task
 * @returns {LookupRows}
 */
export default function lookUpInWorker({ file, ...task }) {
  let sqlite = connections.get(file);
  if (!sqlite) {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('mmap_size = 1073741824');
    connections.set(file, sqlite);
  }
  return lookUp(sqlite, task);
}
