import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Sqlite } from './client.js';

/**
 * The thread's whole program. CommonJS text rather than a file of its own, so it runs the same
 * from source (tests) and from the api's bundle, which cannot carry a second entry for a package.
 * A PASSIVE checkpoint never waits for readers or writers; one with nothing new to copy only
 * reads the WAL index. `synchronous = FULL` is set, not left to the driver's default, because
 * the checkpoint's two fsyncs (the WAL before copying, the database after) are what make it safe
 * for the next commit to start the WAL over. A checkpoint that fails (a full disk) is reported
 * and tried again at the next turn; the thread stays.
 */
const program = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    return { result: db.pragma('wal_checkpoint(PASSIVE)')[0] };
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message ? error.message : error) });
    return { failed: true };
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') parentPort.postMessage(checkpoint());
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
 * data: with eight phones sending 200 MiB videos, a traced restart's fsync took 0.41 s on the
 * event loop, and health checks waited up to 0.85 s. The checkpoint now runs on the thread, and
 * the restart, which stays with the next commit wherever it runs, happens at most once per
 * `everyMs` instead of every ~4 MiB of WAL. Between checkpoints the WAL keeps what was committed
 * in that time. Should the thread end, the connection checkpoints as before; `onProblem` hears
 * of failed checkpoints and of the thread ending.
 */
export function checkpointInBackground(
  sqlite: Sqlite,
  {
    everyMs = 30_000,
    onProblem = () => {},
  }: { everyMs?: number; onProblem?: (problem: string) => void } = {},
): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const before = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(program, { eval: true, workerData: { driver, file: sqlite.name, everyMs } });
  // A server that is stopping does not wait for this thread.
  worker.unref();
  let stopped = false;
  const checkpointOnItsOwn = () => {
    try {
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${before}`);
    } catch (error) {
      onProblem(`could not give checkpoints back to the connection: ${String(error)}`);
    }
  };
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!stopped) {
        onProblem('the checkpoint thread ended; the connection checkpoints on its own again');
        checkpointOnItsOwn();
      }
      resolve();
    }),
  );
  worker.on('error', (error) => onProblem(`the checkpoint thread failed: ${error.message}`));
  worker.on('message', (message: { failed?: string }) => {
    if (typeof message?.failed === 'string') onProblem(`a checkpoint failed: ${message.failed}`);
  });
  return {
    now: () =>
      new Promise((resolve, reject) => {
        const answer = (message: { result?: { busy: number; log: number; checkpointed: number } }) => {
          if (!message.result && !('failed' in message)) return;
          worker.off('message', answer);
          if (message.result) resolve(message.result);
          else reject(new Error('the checkpoint failed'));
        };
        worker.on('message', answer);
        worker.postMessage('checkpoint');
      }),
    async stop() {
      if (!stopped) {
        stopped = true;
        worker.postMessage('stop');
      }
      await exited;
      checkpointOnItsOwn();
    },
  };
}
