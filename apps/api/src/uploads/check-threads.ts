import os from 'node:os';
import { WorkerPool } from '../threads/worker-pool.js';
import type { Caller } from './caller.js';
import type { CheckPiece, CheckPieceAnswer } from './check-answer.js';
import { type CheckSlot, CheckSlots, slotCounters } from './check-slots.js';
import type { CheckThreadAnswers, CheckThreadData, CheckThreadTask } from './check-worker.js';

/**
 * Worker threads that answer a large upload check between them, each piece on its own read-only
 * connection. A 5,000-entry check is ~100 ms of parsing, validating, index lookups and
 * serialising on a small two-core machine; the threads take it off the event loop, which goes on
 * receiving uploads meanwhile. They start with the first large check and end after a minute
 * without one, so an idle server holds none of them (only the pages of their shared memory that
 * checks have touched, check-slots.ts).
 */
export class CheckThreads {
  private readonly size = Math.min(2, os.availableParallelism());
  private readonly pool: WorkerPool<CheckThreadTask, CheckThreadAnswers>;
  private readonly slots = new CheckSlots();

  /** `file` is the database's path, opened again by each thread. */
  constructor(private readonly file: string) {
    // From source the worker is TypeScript; the build bundles it into dist/check-worker.js
    // beside main.js.
    const fromSource = import.meta.url.endsWith('.ts');
    this.pool = new WorkerPool({
      program: new URL(fromSource ? './check-worker.ts' : './check-worker.js', import.meta.url),
      size: this.size,
      idleMs: 60_000,
      closing: 'The server is shutting down; send the check again.',
      workerData: { arena: this.slots.arena } satisfies CheckThreadData,
    });
  }

  /** For a body that cannot be cut into pieces: one equal share of its entries per thread. */
  get shares(): CheckPiece[] {
    return Array.from({ length: this.size }, (_, part) => ({ part, parts: this.size }));
  }

  /** How many threads are running now (for tests). */
  get running(): number {
    return this.pool.running;
  }

  /** How many of the shared memory's places for checks are free now (for tests). */
  get freeSlots(): number {
    return this.slots.freeSlots;
  }

  /** A place in shared memory holding a copy of a check's body (these chunks), for `answer`. */
  slot(chunks: readonly Uint8Array[]): CheckSlot {
    return this.slots.take(chunks);
  }

  /**
   * The answers to these pieces of the body in `slot`, in order; results written to the slot come
   * back as views of it, valid while the slot is held. Each thread takes the next unanswered
   * piece until none is left (a shared counter), so one slowed by anything else on the machine
   * does fewer of them; each sends its answers back in one message. Two messages each way per
   * check rather than two per piece: each cost ~0.2 ms of the event loop here.
   */
  async answer(caller: Caller, slot: CheckSlot, pieces: CheckPiece[]): Promise<CheckPieceAnswer[]> {
    // Held first: a slot already handed back (and perhaps another check's now) throws here.
    const letGo = slot.hold();
    // A slot is answered again when its pieces turned out not to be JSON alone.
    slotCounters(slot.memory, slot.place).fill(0);
    const task: CheckThreadTask = {
      file: this.file,
      caller,
      place: slot.place,
      ...(slot.memory === this.slots.arena ? {} : { memory: slot.memory }),
      pieces,
    };
    // Settled, not all: a thread still writing must keep the slot when the other has failed.
    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(this.size, pieces.length) }, () => this.pool.run(task)),
    ).finally(letGo);
    const answers: CheckPieceAnswer[] = new Array(pieces.length);
    for (const result of settled) {
      if (result.status === 'rejected') throw result.reason;
      const share = result.value;
      for (const [index, answer] of share) {
        answers[index] =
          'written' in answer
            ? { count: answer.count, results: slot.answers(answer.at, answer.written) }
            : answer;
      }
    }
    return answers;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
