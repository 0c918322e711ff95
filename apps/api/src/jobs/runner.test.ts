import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { tempDatabase } from '../testing/temp-db.js';
import { type Job, JobQueue } from './queue.js';
import { JobRunner } from './runner.js';

let database: ReturnType<typeof tempDatabase>;
let queue: JobQueue;
beforeEach(() => {
  database = tempDatabase();
  queue = new JobQueue(database.db, 60_000);
});
afterEach(() => database.cleanup());

/** Idle workers that would not look for work again for a minute: only a wake-up runs a job soon. */
function sleepyRunner(kind: 'thumbnail' | 'metadata', done: Job[]) {
  return new JobRunner(queue, createLogger('silent'), {
    kind,
    concurrency: 3,
    pollMs: 60_000,
    handler: async (job) => {
      done.push(job);
    },
  });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('JobRunner', () => {
  it('wakes a worker of the right kind for each new job, and all of them for a re-run', async () => {
    const thumbnails: Job[] = [];
    const metadata: Job[] = [];
    const runners = [sleepyRunner('thumbnail', thumbnails), sleepyRunner('metadata', metadata)];
    for (const runner of runners) runner.start();
    await new Promise((resolve) => setTimeout(resolve, 50)); // every worker found nothing and sleeps

    queue.enqueue('thumbnail', 'file-1');
    await until(() => thumbnails.length === 1);
    expect(thumbnails.map((job) => job.subject)).toEqual(['file-1']);
    expect(metadata).toEqual([]);

    queue.rerun('metadata', ['a', 'b', 'c', 'd'], 'missing');
    await until(() => metadata.length === 4);
    expect(metadata.map((job) => job.subject).sort()).toEqual(['a', 'b', 'c', 'd']);
    await Promise.all(runners.map((runner) => runner.stop()));
  });
});
