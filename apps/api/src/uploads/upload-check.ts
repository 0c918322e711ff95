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
 * Which of these resources the server already holds, so a phone creates upload jobs only for the
 * rest: the JSON text of the answer to the check request whose raw body is in `slot`, in parts to
 * be sent one after another (`joinPieces`), some of them views of the slot. Large checks are cut
 * into pieces for the threads; a body that cannot be read in pieces is read whole by each thread,
 * which answers its share of the entries. Pieces are read by separate statements on separate
 * connections, not from one snapshot: a Live Photo paired meanwhile may be answered with the id
 * of the asset its clip just left. That a resource exists is never affected: stored resources are
 * never deleted.
 */
export async function checkUploads(
  db: Db,
  threads: CheckThreads,
  caller: Caller,
  slot: CheckSlot,
): Promise<CheckAnswerParts> {
  const body = slot.body;
  if (body.byteLength < bytesForThreads) {
    return joinPieces([
      answerCheckPiece(db.$client, caller, body, { part: 0, parts: 1 }),
    ]) as CheckAnswerParts;
  }
  // Held between the two tries as well; whoever sends the parts holds it for that.
  const letGo = slot.hold();
  try {
    const pieces = entryPieces(body, pieceBytes);
    const answer = pieces && joinPieces(await threads.answer(caller, slot, pieces));
    // Read whole, no piece is ever unreadable.
    return answer ?? (joinPieces(await threads.answer(caller, slot, threads.shares)) as CheckAnswerParts);
  } finally {
    letGo();
  }
}
