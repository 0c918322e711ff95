export { type BackgroundCheckpoints, checkpointInBackground } from './checkpoints.js';
export {
  type Db,
  flushWal,
  type OpenedDatabase,
  type OpenOptions,
  openDatabase,
  type Sqlite,
  unsynced,
} from './client.js';
export { migrationsFolder } from './migrate.js';
export { fixedSizeLists, perConnection } from './per-connection.js';
export * as schema from './schema/index.js';
