import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Caller } from './caller.js';
import type { CheckPiece, CheckPieceAnswer } from './check-answer.js';
import type { CheckThreadReply, CheckThreadTask } from './check-worker.js';

type Answered = Extract<CheckThreadReply, { answers: unknown }>['answers'];

interface Waiting {
  task: CheckThreadTask;
  resolve: (answers: Answered) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** The check it is working on. */
  busy?: Waiting;
}

/**
 * Worker threads that answer a large upload check between them, each piece on its own read-only
 * connection. A 5,000-entry check is ~100 ms of parsing, validating, index lookups and
 * serialising on a small two-core machine; the threads take it off the event loop, which goes on
 * receiving uploads meanwhile. They start with the first large check and end after a minute
 * without one, so an idle server holds none of them.
 *
 * A pool of its own rather than piscina: a check's answers are ~600 KB of strings, and with
 * piscina they survived young-generation collections on the event loop: every ~10 checks a
 * pair of collections copied and promoted 11–13 MB, pausing the event loop 6–13 ms, and a full
 * collection followed every few seconds (a minimal pool passing the same messages promoted
 * nothing). Here an answer is only held by the promise it resolves.
 */
export class CheckThreads {
  private readonly size = Math.min(2, os.availableParallelism());
  private readonly threads: Thread[] = [];
  private readonly queue: Waiting[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  /** `file` is the database's path, opened again by each thread. */
  constructor(
    private readonly file: string,
    private readonly idleMs = 60_000,
  ) {}

  /** For a body that cannot be cut into pieces: one equal share of its entries per thread. */
  get shares(): CheckPiece[] {
    return Array.from({ length: this.size }, (_, part) => ({ part, parts: this.size }));
  }

  /** How many threads are running now (for tests). */
  get running(): number {
    return this.threads.length;
  }

  /**
   * The answers to these pieces of the request body, in order. Each thread is given the whole
   * list once and takes the next unanswered piece until none is left (a shared counter), so one
   * slowed by anything else on the machine does fewer of them; each sends its answers back in one
   * message. Two messages each way per check rather than two per piece: each cost ~0.2 ms of the
   * event loop here.
   */
  async answer(caller: Caller, body: Uint8Array, pieces: CheckPiece[]): Promise<CheckPieceAnswer[]> {
    if (this.closed) throw new Error('The server is shutting down; send the check again.');
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
    const shares = Array.from(
      { length: Math.min(this.size, pieces.length) },
      () =>
        new Promise<Answered>((resolve, reject) => {
          this.queue.push({ task, resolve, reject });
          this.next();
        }),
    );
    const answers: CheckPieceAnswer[] = new Array(pieces.length);
    for (const share of await Promise.all(shares)) {
      for (const [index, answer] of share) answers[index] = answer;
    }
    return answers;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const stopping = new Error('The server is shutting down; send the check again.');
    for (const waiting of this.queue.splice(0)) waiting.reject(stopping);
    await Promise.all([...this.threads].map((thread) => this.end(thread, stopping)));
  }

  /** Hands queued work to free threads, starting threads up to `size`. */
  private next(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length) {
      const thread =
        this.threads.find((t) => !t.busy) ?? (this.threads.length < this.size ? this.start() : undefined);
      if (!thread) return;
      const waiting = this.queue.shift() as Waiting;
      thread.busy = waiting;
      // Only a thread at work keeps the process alive, as an idle server's timers do not.
      thread.worker.ref();
      thread.worker.postMessage(waiting.task);
    }
    if (this.threads.length && this.threads.every((t) => !t.busy)) {
      this.idleTimer = setTimeout(() => {
        for (const thread of [...this.threads]) void this.end(thread);
      }, this.idleMs);
      this.idleTimer.unref();
    }
  }

  private start(): Thread {
    // From source (tests, `pnpm dev`) the worker is TypeScript, required through tsx's require
    // hook (a worker started from code gets no `--import`); the build bundles it into
    // dist/check-worker.js beside main.js.
    const fromSource = import.meta.url.endsWith('.ts');
    const worker = fromSource
      ? new Worker(
          `require(${JSON.stringify(createRequire(import.meta.url).resolve('tsx/cjs/api'))}).register();
           require(${JSON.stringify(fileURLToPath(new URL('./check-worker.ts', import.meta.url)))});`,
          { eval: true },
        )
      : new Worker(new URL('./check-worker.js', import.meta.url));
    const thread: Thread = { worker };
    this.threads.push(thread);
    worker.on('message', (reply: CheckThreadReply) => {
      const waiting = thread.busy;
      thread.busy = undefined;
      thread.worker.unref();
      if ('failed' in reply) waiting?.reject(new Error(reply.failed));
      else waiting?.resolve(reply.answers);
      this.next();
    });
    // A thread that dies (it cannot load, or it crashes) fails the check it was working on; the
    // next check starts a new thread. A check that fails on a live thread fails alone.
    worker.on('error', (error) => this.lose(thread, error));
    worker.on('exit', (code) => this.lose(thread, new Error(`A check thread stopped (exit code ${code}).`)));
    return thread;
  }

  private lose(thread: Thread, error: Error): void {
    if (!this.threads.includes(thread)) return;
    void this.end(thread, error);
    if (!this.closed) this.next();
  }

  /** Takes the thread out of the pool, failing the check it was working on. */
  private async end(thread: Thread, error?: Error): Promise<void> {
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
    const waiting = thread.busy;
    thread.busy = undefined;
    if (waiting) waiting.reject(error ?? new Error('A check thread was stopped.'));
    await thread.worker.terminate();
  }
}
