import os from 'node:os';
import type { Piscina } from 'piscina';
import type { Caller } from './caller.js';
import type { CheckPiece, CheckPieceAnswer } from './check-answer.js';
import type { CheckThreadTask } from './check-worker.js';

/**
 * Worker threads that answer a large upload check between them, each a share of the entries on
 * its own read-only connection. A 5,000-entry check is ~100 ms of parsing, validating, index
 * lookups and serialising on a small two-core machine; the threads take it off the event loop,
 * which goes on receiving uploads meanwhile. They start with the first large check and end after
 * a minute without one, so an idle server holds none of them.
 */
export class CheckThreads {
  private pool: Promise<Piscina> | undefined;
  private readonly threads = Math.min(2, os.availableParallelism());

  /** `file` is the database's path, opened again by each thread. */
  constructor(private readonly file: string) {}

  /** For a body that cannot be cut into pieces: one equal share of its entries per thread. */
  get shares(): CheckPiece[] {
    return Array.from({ length: this.threads }, (_, part) => ({ part, parts: this.threads }));
  }

  /**
   * The answers to these pieces of the request body, in order. The pieces queue for the threads,
   * so one slowed by anything else on the machine does fewer of them.
   */
  async answer(caller: Caller, body: Uint8Array, pieces: CheckPiece[]): Promise<CheckPieceAnswer[]> {
    // Shared, not copied: every thread reads the same bytes.
    const shared = new SharedArrayBuffer(body.byteLength);
    new Uint8Array(shared).set(body);
    const pool = await this.started();
    return Promise.all(
      pieces.map((piece) =>
        pool.run({ file: this.file, caller, body: shared, piece } satisfies CheckThreadTask),
      ),
    );
  }

  /** Loaded with the first large check, not at start: a restarted server answers sooner. */
  private async started(): Promise<Piscina> {
    this.pool ??= import('piscina').then(({ Piscina }) => {
      // From source (tests, `pnpm dev`) the worker is TypeScript, loaded through tsx; the build
      // bundles it into dist/check-worker.js beside main.js.
      const fromSource = import.meta.url.endsWith('.ts');
      return new Piscina({
        filename: new URL(fromSource ? './check-worker.ts' : './check-worker.js', import.meta.url).href,
        ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
        minThreads: 0,
        maxThreads: this.threads,
        idleTimeout: 60_000,
      });
    });
    return this.pool.catch((error: unknown) => {
      this.pool = undefined;
      throw error;
    });
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    // A pool that never started has nothing to end; shutting down goes on either way.
    await (await pool?.catch(() => undefined))?.destroy();
  }
}
