import type { Db } from '@keepsake/db';
import type { Caller } from './caller.js';
import { answerCheckPiece, type CheckAnswerParts, joinPieces } from './check-answer.js';
import { entryPieces } from './check-body.js';
import type { CheckSlot } from './check-slots.js';
import type { CheckThreads } from './check-threads.js';

/** From this size on (about 1,000 entries), a check is answered on the threads. */
const bytesForThreads = 128 * 1024;
/**
 * About 300 entries: a 5,000-entry check is ~17 pieces, so the two threads finish within a small
 * piece of each other. A piece costs no message of its own (check-threads.ts), only its two
 * statements: in A/B runs 32 KiB beat 64 KiB (mean 26.2 → 25.0 and 31.6 → 30.9 ms) and 16 KiB
 * was no better.
 */
const pieceBytes = 32 * 1024;

/**
 * A check's answer: its JSON in `parts` to send one after another, some of them perhaps views of
 * the check threads' shared memory, and `letGo` to call once they have been sent or never will be.
 */
export interface CheckAnswer {
  parts: CheckAnswerParts;
  letGo: () => void;
}

/**
 * A check request's body in the chunks it arrived in, handed over once. Whoever takes the chunks
 * copies them and drops them: held to the end of the check (as the request's body, or by the
 * function awaiting its answer), they outlived the event loop's next young collection and stayed
 * counted as external memory until a full one, which they brought on every ~20 checks (in the
 * same-run A/B at 1M, 65 → 43 full collections per 1,220 checks and p99 54.6 → 49.7 ms).
 */
export class CheckBody {
  #chunks: readonly Uint8Array[] | undefined;

  constructor(chunks: readonly Uint8Array[]) {
    this.#chunks = chunks;
  }

  /** The chunks; the body no longer holds them. */
  take(): readonly Uint8Array[] {
    const chunks = this.#chunks;
    if (!chunks) throw new Error('This check’s body was already taken.');
    this.#chunks = undefined;
    return chunks;
  }
}

/**
 * Which of these resources the server already holds, so a phone creates upload jobs only for the
 * rest: the answer to the check request with this raw body. Large checks are copied into the
 * threads' shared memory and cut into pieces for them; a body that cannot be read in pieces is
 * read whole by each thread, which answers its share of the entries. Pieces are read by separate
 * statements on separate connections, not from one snapshot: a Live Photo paired meanwhile may be
 * answered with the id of the asset its clip just left. That a resource exists is never affected:
 * stored resources are never deleted. Not `async`: nothing here holds the chunks while the
 * threads answer.
 */
export function checkUploads(
  db: Db,
  threads: CheckThreads,
  caller: Caller,
  body: CheckBody,
): Promise<CheckAnswer> {
  try {
    const chunks = body.take();
    const length = chunks.reduce((bytes, chunk) => bytes + chunk.byteLength, 0);
    if (length < bytesForThreads) {
      const joined = Buffer.concat(chunks, length);
      const parts = joinPieces([answerCheckPiece(db.$client, caller, joined, { part: 0, parts: 1 })]);
      return Promise.resolve({ parts: parts as CheckAnswerParts, letGo: () => {} });
    }
    return answerOnThreads(threads, caller, threads.slot(chunks));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The answer to a large check whose body is in `slot`, from the threads. */
async function answerOnThreads(threads: CheckThreads, caller: Caller, slot: CheckSlot): Promise<CheckAnswer> {
  // Held for both tries, and then by whoever sends the parts, until it lets go.
  const letGo = slot.hold();
  try {
    const pieces = entryPieces(slot.body, pieceBytes);
    const answer = pieces && joinPieces(await threads.answer(caller, slot, pieces));
    // Read whole, no piece is ever unreadable.
    const parts =
      answer ?? (joinPieces(await threads.answer(caller, slot, threads.shares)) as CheckAnswerParts);
    return { parts, letGo };
  } catch (error) {
    letGo();
    throw error;
  }
}
