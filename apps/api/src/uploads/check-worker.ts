import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { WorkerReply } from '../threads/worker-pool.js';
import type { Caller } from './caller.js';
import { answerCheckPiece, type CheckPiece, type CheckPieceAnswer } from './check-answer.js';
import { openCheckConnection } from './check-connection.js';
import { type SlotPlace, slotBody, slotCounters, writeAnswer } from './check-slots.js';

/** What every thread is given once, as it starts. */
export interface CheckThreadData {
  arena: SharedArrayBuffer;
}

/**
 * What a thread is given per check: the database's path, the caller, the check's place (in the
 * arena, or in `memory` of its own when the arena was full), and its pieces.
 */
export interface CheckThreadTask {
  file: string;
  caller: Caller;
  place: SlotPlace;
  memory?: SharedArrayBuffer;
  pieces: CheckPiece[];
}

/** A piece's answer, its results written to the check's memory (`written` bytes from `at`) when they fit. */
export type CheckThreadAnswer = CheckPieceAnswer | { count: number; at: number; written: number };

/** The pieces a thread answered, by their place in the list. */
export type CheckThreadAnswers = [index: number, answer: CheckThreadAnswer][];

const { arena } = workerData as CheckThreadData;

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

/** Answers the next unanswered piece until none is left, writing its results to the check's memory. */
function answerPieces({ file, caller, place, memory = arena, pieces }: CheckThreadTask): CheckThreadAnswers {
  const sqlite = connection(file);
  const body = slotBody(memory, place);
  const counters = slotCounters(memory, place);
  const answers: CheckThreadAnswers = [];
  for (let index = Atomics.add(counters, 0, 1); index < pieces.length; index = Atomics.add(counters, 0, 1)) {
    const answer = answerCheckPiece(sqlite, caller, body, pieces[index] as CheckPiece);
    if ('results' in answer && answer.results) {
      const written = writeAnswer(memory, place, answer.results);
      // Results that do not fit are sent as text.
      answers.push([index, written ? { count: answer.count, ...written } : answer]);
    } else answers.push([index, answer]);
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
