import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Sqlite } from './client.js';

/**
 * The thread's whole program. CommonJS text rather than a file of its own, so it runs the same
 * from source (tests) and from the api's bundle, which cannot carry a second entry for a package.
 * A PASSIVE checkpoint never waits for readers or writers; one with nothing new to copy only
 * reads the WAL's header.
 */
const program = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') parentPort.postMessage(checkpoint()[0]);
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export interface BackgroundCheckpoints {
  /** Runs one checkpoint now and resolves with what it copied (for tests). */
  now(): Promise<{ busy: number; log: number; checkpointed: number }>;
  /** Ends the thread, its connection closed; the connection it served checkpoints on its own again. */
  stop(): Promise<void>;
}

/**
 * Moves this connection's WAL checkpoints to a thread of their own, every `everyMs`. SQLite
 * otherwise checkpoints inside whichever commit pushes the WAL past 1,000 pages, on the event
 * loop, ending with an fsync of the database file; and the commit after a complete checkpoint
 * starts the WAL over and fsyncs its new header. On ext4 an fsync waits for other files' dirty
 * data: with eight phones sending 200 MiB videos, health checks waited up to 0.85 s for these.
 * The checkpoint now runs on the thread, and the restart, which stays with the next commit
 * wherever it runs, happens at most once per `everyMs` instead of every ~4 MiB of WAL. Between
 * checkpoints the WAL holds half a minute of bookkeeping, a few MiB even during a backup.
 * Should the thread fail, the connection checkpoints as before.
 */
export function checkpointInBackground(sqlite: Sqlite, everyMs = 30_000): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(program, { eval: true, workerData: { driver, file: sqlite.name, everyMs } });
  // A server that is stopping does not wait for this thread.
  worker.unref();
  let stopped = false;
  const fallBack = () => {
    if (!stopped && sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return {
    now: () =>
      new Promise((resolve) => {
        worker.once('message', resolve);
        worker.postMessage('checkpoint');
      }),
    async stop() {
      stopped = true;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      await exited;
      if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
    },
  };
}
