import os from 'node:os';
import type { Piscina } from 'piscina';
import type { LookupRows, LookupTask } from './check-lookups.mjs';

/**
 * Worker threads that share the lookups of a large upload check, each on its own read-only
 * connection. A 5,000-entry check is ~45 ms of index lookups on a small two-core machine; two
 * threads take ~30 ms, and the event loop goes on receiving uploads meanwhile. The threads start
 * with the first large check and end after a minute without one, so an idle server holds none
 * of them.
 */
export class CheckThreads {
  private pool: Promise<Piscina> | undefined;
  private readonly threads = Math.min(2, os.availableParallelism());

  /** `file` is the database's path, opened again by each thread. */
  constructor(private readonly file: string) {}

  /** The task's lists dealt out in turn to the threads, and their rows put together. */
  async lookUp(task: LookupTask): Promise<LookupRows> {
    const shares = Array.from({ length: this.threads }, () => ({
      ...task,
      hashLists: [] as string[][],
      assetIdLists: [] as string[][],
    }));
    let turn = 0;
    for (const list of task.hashLists) shares[turn++ % this.threads]?.hashLists.push(list);
    for (const list of task.assetIdLists) shares[turn++ % this.threads]?.assetIdLists.push(list);
    // Loaded with the first large check, not at start: a restarted server answers sooner.
    this.pool ??= import('piscina').then(
      ({ Piscina }) =>
        new Piscina({
          filename: new URL('./check-lookups.mjs', import.meta.url).href,
          minThreads: 0,
          maxThreads: this.threads,
          idleTimeout: 60_000,
        }),
    );
    const pool = await this.pool.catch((error: unknown) => {
      this.pool = undefined;
      throw error;
    });
    const answers: LookupRows[] = await Promise.all(
      shares
        .filter((share) => share.hashLists.length + share.assetIdLists.length > 0)
        .map((share) => pool.run({ ...share, file: this.file })),
    );
    return {
      content: answers.flatMap((answer) => answer.content),
      assets: answers.flatMap((answer) => answer.assets),
    };
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    // A pool that never started has nothing to end; shutting down goes on either way.
    await (await pool?.catch(() => undefined))?.destroy();
  }
}
