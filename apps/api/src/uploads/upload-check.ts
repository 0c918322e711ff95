import type { Db } from '@keepsake/db';
import { KeepsakeError } from '../errors.js';
import type { Caller } from './caller.js';
import { answerCheckShare, type CheckShareAnswer } from './check-answer.js';
import type { CheckThreads } from './check-threads.js';

/** From this size on (about 1,000 entries), a check is answered on the threads. */
const bytesForThreads = 128 * 1024;

/**
 * Which of these resources the server already holds, so a phone creates upload jobs only for
 * the rest: the JSON text of the answer to a check request's raw body. Large checks are shared
 * out to threads. There the shares are read by separate statements on separate connections, not
 * from one snapshot: a Live Photo paired meanwhile may be answered with the id of the asset its
 * clip just left. That a resource exists is never affected: stored resources are never deleted.
 */
export async function checkUploads(
  db: Db,
  threads: CheckThreads,
  caller: Caller,
  body: Uint8Array,
): Promise<string> {
  const shares =
    body.byteLength >= bytesForThreads
      ? await threads.answer(caller, body)
      : [answerCheckShare(db.$client, caller, body, { part: 0, parts: 1 })];
  return joinShares(shares);
}

/** `{"results":[…]}` from the shares in order, or the request's problem as a 400. */
export function joinShares(shares: CheckShareAnswer[]): string {
  const results: string[] = [];
  for (const share of shares) {
    if (share.problem !== undefined) throw new KeepsakeError('BAD_REQUEST', share.problem);
    if (share.results) results.push(share.results);
  }
  return `{"results":[${results.join(',')}]}`;
}
