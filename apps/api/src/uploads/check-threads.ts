import os from 'node:os';
import { WorkerPool } from '../threads/worker-pool.js';
import type { Caller } from './caller.js';
import type { CheckPiece, CheckPieceAnswer } from './check-answer.js';
import type { CheckThreadAnswers, CheckThreadTask } from './check-worker.js';

/**
 * Worker threads that answer a large upload check between them, each piece on its own read-only
 * connection. A 5,000-entry check is ~100 ms of parsing, validating, index lookups and
 * serialising on a small two-core machine; the threads take it off the event loop, which goes on
 * receiving uploads meanwhile. They start with the first large check and end after a minute
 * without one, so an idle server holds none of them.
 */
export class CheckThreads {
  private readonly size = Math.min(2, os.availableParallelism());
  private readonly pool: WorkerPool<CheckThreadTask, CheckThreadAnswers>;

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

  /**
   * The answers to these pieces of the request body, in order. Each thread is given the whole
   * list once and takes the next unanswered piece until none is left (a shared counter), so one
   * slowed by anything else on the machine does fewer of them; each sends its answers back in one
   * message. Two messages each way per check rather than two per piece: each cost ~0.2 ms of the
   * event loop here.
   */
  async answer(caller: Caller, body: Uint8Array, pieces: CheckPiece[]): Promise<CheckPieceAnswer[]> {
    // Shared, not copied: every thread reads the same bytes.
    const shared = new SharedArrayBuffer(body.byteLength);
    new Uint8Array(shared).set(body);
    const task: CheckThreadTask = {
      file: this.file,
      caller,
      body: shared,
      pieces,
      next: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
    };
    const shares = Array.from({ length: Math.min(this.size, pieces.length) }, () => this.pool.run(task));
    const answers: CheckPieceAnswer[] = new Array(pieces.length);
    for (const share of await Promise.all(shares)) {
      for (const [index, answer] of share) answers[index] = answer;
    }
    return answers;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
