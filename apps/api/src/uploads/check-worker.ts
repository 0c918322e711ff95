import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { WorkerReply } from '../threads/worker-pool.js';
import type { Caller } from './caller.js';
import { answerCheckPiece, type CheckPiece, type CheckPieceAnswer } from './check-answer.js';
import { openCheckConnection } from './check-connection.js';

/**
 * What a thread is given: the database's path, the caller, the body every thread shares, its
 * pieces, and the counter (one Int32) by which the threads take the next piece.
 */
export interface CheckThreadTask {
  file: string;
  caller: Caller;
  body: SharedArrayBuffer;
  pieces: CheckPiece[];
  next: SharedArrayBuffer;
}

/** The pieces a thread answered, by their place in the list. */
export type CheckThreadAnswers = [index: number, answer: CheckPieceAnswer][];

/** A thread's connections, one per database file, opened with its first check and kept. */
const connections = new Map<string, Database.Database>();

function connection(file: string): Database.Database {
  let sqlite = connections.get(file);
  if (!sqlite) {
    sqlite = openCheckConnection(file);
    connections.set(file, sqlite);
  }
  return sqlite;
}

/** Answers the next unanswered piece until none is left. */
function answerPieces({ file, caller, body, pieces, next }: CheckThreadTask): CheckThreadAnswers {
  const sqlite = connection(file);
  const bytes = new Uint8Array(body);
  const counter = new Int32Array(next);
  const answers: [number, CheckPieceAnswer][] = [];
  for (let index = Atomics.add(counter, 0, 1); index < pieces.length; index = Atomics.add(counter, 0, 1)) {
    answers.push([index, answerCheckPiece(sqlite, caller, bytes, pieces[index] as CheckPiece)]);
  }
  return answers;
}

parentPort?.on('message', (task: CheckThreadTask) => {
  let reply: WorkerReply<CheckThreadAnswers>;
  try {
    reply = { reply: answerPieces(task) };
  } catch (error) {
    reply = {
      failed: `The check could not be answered: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  parentPort?.postMessage(reply);
});
