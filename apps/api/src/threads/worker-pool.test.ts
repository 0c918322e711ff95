import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from './worker-pool.js';

/** A worker program for the tests: echoes, fails, dies or waits, as each task says. */
const program = `
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', async (task) => {
  if (task.do === 'die') process.exit(3);
  if (task.do === 'fail') return parentPort.postMessage({ failed: 'this task cannot be done' });
  if (task.do === 'wait') await new Promise((resolve) => setTimeout(resolve, task.ms));
  const bytes = new Uint8Array(task.size ?? 0).fill(7);
  parentPort.postMessage({ reply: { n: task.n, threadId, bytes } }, [bytes.buffer]);
});
`;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-worker-pool-'));
const file = path.join(folder, 'echo-worker.mjs');
fs.writeFileSync(file, program);

type Task = { do?: 'die' | 'fail' | 'wait'; n?: number; ms?: number; size?: number };
type Reply = { n: number; threadId: number; bytes: Uint8Array };
const pools: WorkerPool<Task, Reply>[] = [];
const pool = (size = 2, idleMs = 60_000) => {
  const made = new WorkerPool<Task, Reply>({
    program: pathToFileURL(file),
    size,
    idleMs,
    closing: 'closing now',
  });
  pools.push(made);
  return made;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('a worker pool', () => {
  it('starts threads with its first task, at most `size`, and answers every task', async () => {
    const threads = pool(2);
    expect(threads.running).toBe(0);
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, n) => threads.run({ do: 'wait', ms: 5, n, size: 1024 })),
    );
    expect(replies.map((r) => r.n)).toEqual(Array.from({ length: 12 }, (_, n) => n));
    expect(new Set(replies.map((r) => r.threadId)).size).toBe(2);
    expect(threads.running).toBe(2);
    // Moved, not copied: the bytes arrive whole.
    expect(replies.every((r) => r.bytes.byteLength === 1024 && r.bytes[1023] === 7)).toBe(true);
  });

  it('fails a task its thread could not do with the reason, and goes on on the same thread', async () => {
    const threads = pool(1);
    const first = await threads.run({ n: 1 });
    await expect(threads.run({ do: 'fail' })).rejects.toThrow('this task cannot be done');
    const after = await threads.run({ n: 2 });
    expect(after.threadId).toBe(first.threadId);
  });

  it('fails a task that cannot be sent to a thread, and sends the next one', async () => {
    const threads = pool(1);
    const unsendable = { n: 1, size: 4, callback: () => 1 } as Task;
    await expect(threads.run(unsendable)).rejects.toThrow(/could not be cloned/);
    expect((await threads.run({ n: 2 })).n).toBe(2);
  });

  it('fails the task of a thread that dies, and runs the next one on a new thread', async () => {
    const threads = pool(1);
    const first = await threads.run({ n: 1 });
    await expect(threads.run({ do: 'die' })).rejects.toThrow(/exit code 3/);
    const after = await threads.run({ n: 2 });
    expect(after.n).toBe(2);
    expect(after.threadId).not.toBe(first.threadId);
    expect(threads.running).toBe(1);
  });

  it('ends its threads after a quiet spell, and starts again for the next task', async () => {
    const threads = pool(2, 200);
    await Promise.all([threads.run({ n: 1 }), threads.run({ n: 2 })]);
    expect(threads.running).toBeGreaterThan(0);
    await expect.poll(() => threads.running, { timeout: 10_000 }).toBe(0);
    expect((await threads.run({ n: 3 })).n).toBe(3);
  });

  it('fails running and waiting tasks when closed, and refuses new ones', async () => {
    const threads = pool(1);
    const running = expect(threads.run({ do: 'wait', ms: 10_000 })).rejects.toThrow('closing now');
    const waiting = expect(threads.run({ n: 1 })).rejects.toThrow('closing now');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await threads.close();
    await running;
    await waiting;
    await expect(threads.run({ n: 2 })).rejects.toThrow('closing now');
    expect(threads.running).toBe(0);
  });
});
