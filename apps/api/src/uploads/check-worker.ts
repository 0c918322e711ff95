import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Caller } from './caller.js';
import { answerCheckPiece, type CheckPiece, type CheckPieceAnswer } from './check-answer.js';

/** What a thread is given: the database's path, the caller, the body every thread shares, and its piece. */
export interface CheckThreadTask {
  file: string;
  caller: Caller;
  body: SharedArrayBuffer;
  piece: CheckPiece;
}

/** What a thread sends back for each task. */
export type CheckThreadReply = { answer: CheckPieceAnswer } | { failed: string };

/** A thread's connections, one per database file, opened with its first task. */
const connections = new Map<string, Database.Database>();

/**
 * One piece of a check on the thread's own read-only connection. In WAL mode it reads the last
 * committed state, as the event loop's connection would; the check route flushes the WAL before
 * it answers, so no record it reports can still be lost.
 */
function answerOnThread({ file, caller, body, piece }: CheckThreadTask): CheckPieceAnswer {
  let sqlite = connections.get(file);
  if (!sqlite) {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    // As much of the file as SQLite maps (2 GiB): at a million assets the check's indexes are
    // spread over a ~6 GB file, and pages beyond the map are copied in by system calls.
    sqlite.pragma('mmap_size = 2147418112');
    connections.set(file, sqlite);
  }
  return answerCheckPiece(sqlite, caller, new Uint8Array(body), piece);
}

parentPort?.on('message', (task: CheckThreadTask) => {
  let reply: CheckThreadReply;
  try {
    reply = { answer: answerOnThread(task) };
  } catch (error) {
    reply = {
      failed: `The check could not be answered: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  parentPort?.postMessage(reply);
});
