import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Transferable, Worker } from 'node:worker_threads';

/**
 * What a pool's worker sends back for each task it is given: its reply, or why it failed. A worker
 * answers one task at a time (`check-worker.ts`, `heic-worker.mjs`).
 */
export type WorkerReply<Reply> = { reply: Reply } | { failed: string };

export interface WorkerPoolOptions {
  /** The worker's program: a `.js` or `.mjs` file, or from source a `.ts` file (through tsx). */
  program: URL;
  /** Threads at most. */
  size: number;
  /** Threads end after this long without a task, so an idle server holds none. */
  idleMs: number;
  /** Why a task still waiting when the pool closes fails. */
  closing: string;
  /** Given to each thread as it starts (`workerData`): what every task needs, sent once. */
  workerData?: unknown;
}

interface Waiting<Task, Reply> {
  task: Task;
  transfer: readonly Transferable[];
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

interface Thread<Task, Reply> {
  worker: Worker;
  /** The task it is working on. */
  busy?: Waiting<Task, Reply>;
}

/**
 * Worker threads started when there is work, up to `size`, each given one task at a time from a
 * queue, and ended after `idleMs` without one. A reply is held only by the promise it resolves.
 *
 * Written here rather than taken from piscina: with piscina, a check's ~600 KB of answers survived
 * the event loop's young-generation collections (a pair every ~10 checks, 11–13 MB copied and
 * promoted, 6–13 ms each, then full collections), and the HEIC decoder held 3–4 decoded images
 * (47 MiB each) at a time. A pool passing the same messages through plain workers promoted
 * nothing (docs/performance.md).
 */
export class WorkerPool<Task, Reply> {
  private readonly threads: Thread<Task, Reply>[] = [];
  private readonly queue: Waiting<Task, Reply>[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** How many threads are running now (for tests). */
  get running(): number {
    return this.threads.length;
  }

  /** The task's reply from the next free thread; `transfer` moves those buffers instead of copying them. */
  run(task: Task, transfer: readonly Transferable[] = []): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error(this.options.closing));
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push({ task, transfer, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const closing = new Error(this.options.closing);
    for (const waiting of this.queue.splice(0)) waiting.reject(closing);
    await Promise.all([...this.threads].map((thread) => this.end(thread, closing)));
  }

  /** Hands queued tasks to free threads, starting threads up to `size`. */
  private next(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length) {
      const thread =
        this.threads.find((t) => !t.busy) ??
        (this.threads.length < this.options.size ? this.start() : undefined);
      if (!thread) return;
      const waiting = this.queue.shift() as Waiting<Task, Reply>;
      try {
        thread.worker.postMessage(waiting.task, waiting.transfer);
      } catch (error) {
        // A task that cannot be sent (say, holding a function) fails alone.
        waiting.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      thread.busy = waiting;
      // Only a thread at work keeps the process alive.
      thread.worker.ref();
    }
    if (this.threads.length && this.threads.every((t) => !t.busy)) {
      this.idleTimer = setTimeout(() => {
        for (const thread of [...this.threads]) void this.end(thread);
      }, this.options.idleMs);
      this.idleTimer.unref();
    }
  }

  private start(): Thread<Task, Reply> {
    const { program, workerData } = this.options;
    // A TypeScript program (from source: tests, `pnpm dev`) is required through tsx's require
    // hook: a worker started from code gets no `--import`, and Node 20 does not run import hooks
    // in it. The build ships JavaScript.
    const worker = program.pathname.endsWith('.ts')
      ? new Worker(
          `require(${JSON.stringify(createRequire(import.meta.url).resolve('tsx/cjs/api'))}).register();
           require(${JSON.stringify(fileURLToPath(program))});`,
          { eval: true, workerData },
        )
      : new Worker(program, { workerData });
    const thread: Thread<Task, Reply> = { worker };
    this.threads.push(thread);
    worker.on('message', (message: WorkerReply<Reply>) => this.settle(thread, message));
    // A reply that could not be read here fails its task alone.
    worker.on('messageerror', (error) => this.settle(thread, { failed: error.message }));
    // A thread that dies (it cannot load, or it crashes) fails the task it was working on; the
    // next task starts a new thread. A task that fails on a live thread fails alone.
    worker.on('error', (error) => this.lose(thread, error));
    worker.on('exit', (code) => this.lose(thread, new Error(`A worker thread stopped (exit code ${code}).`)));
    return thread;
  }

  /** The thread's task is done: its reply or its failure goes to whoever is waiting for it. */
  private settle(thread: Thread<Task, Reply>, message: WorkerReply<Reply>): void {
    const waiting = thread.busy;
    thread.busy = undefined;
    thread.worker.unref();
    if ('failed' in message) waiting?.reject(new Error(message.failed));
    else waiting?.resolve(message.reply);
    this.next();
  }

  private lose(thread: Thread<Task, Reply>, error: Error): void {
    if (!this.threads.includes(thread)) return;
    void this.end(thread, error);
    if (!this.closed) this.next();
  }

  /**
   * Takes the thread out of the pool, failing the task it was working on once the thread has
   * stopped: until then it may still be writing to memory it shares with the task's owner.
   */
  private async end(thread: Thread<Task, Reply>, error?: Error): Promise<void> {
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
    const waiting = thread.busy;
    thread.busy = undefined;
    try {
      await thread.worker.terminate();
    } finally {
      waiting?.reject(error ?? new Error('A worker thread was stopped.'));
    }
  }
}
