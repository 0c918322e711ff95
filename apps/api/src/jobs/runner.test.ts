import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { tempDatabase } from '../testing/temp-db.js';
import { UploadTraffic } from '../uploads/upload-traffic.js';
import { type Job, JobQueue } from './queue.js';
import { JobRunner, type RunnerOptions } from './runner.js';

let database: ReturnType<typeof tempDatabase>;
let queue: JobQueue;
beforeEach(() => {
  database = tempDatabase();
  queue = new JobQueue(database.db, 60_000);
});
afterEach(() => database.cleanup());

/** A runner whose handler only notes each job it is given in `done`. */
function recordingRunner(
  kind: 'thumbnail' | 'metadata',
  done: Job[],
  options: Partial<Omit<RunnerOptions, 'kind' | 'handler'>> = {},
) {
  return new JobRunner(queue, createLogger('silent'), {
    kind,
    concurrency: 1,
    ...options,
    handler: async (job) => {
      done.push(job);
    },
  });
}

/** Idle workers that would not look for work again for a minute: only a wake-up runs a job soon. */
const sleepyRunner = (kind: 'thumbnail' | 'metadata', done: Job[]) =>
  recordingRunner(kind, done, { concurrency: 3, pollMs: 60_000 });

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

  it('holds back while uploads keep the server busy, and for no longer than allowed', async () => {
    let busy = 0.9;
    const traffic = new UploadTraffic({ share: () => busy, restart: () => {} });
    const done: Job[] = [];
    const runner = recordingRunner('thumbnail', done, {
      pollMs: 20,
      uploads: traffic,
      maxHoldBackMs: 60_000,
    });
    const upload = traffic.begin();
    runner.start();
    queue.enqueue('thumbnail', 'file-1');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(done).toEqual([]); // uploads first

    busy = 0.1; // the uploads eased off (a slow phone): processing goes on
    await until(() => done.length === 1);
    expect(done.map((job) => job.subject)).toEqual(['file-1']);
    upload();
    await runner.stop();

    // However busy the uploads keep it, a job waits at most maxHoldBackMs.
    busy = 0.9;
    const held: Job[] = [];
    const patient = recordingRunner('metadata', held, { pollMs: 20, uploads: traffic, maxHoldBackMs: 300 });
    traffic.begin();
    queue.enqueue('metadata', 'file-2');
    const started = Date.now();
    patient.start();
    await until(() => held.length === 1);
    expect(held.map((job) => job.subject)).toEqual(['file-2']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await patient.stop();
  });

  it('stops at once while holding back, without taking another job', async () => {
    const traffic = new UploadTraffic({ share: () => 0.9, restart: () => {} });
    traffic.begin();
    const done: Job[] = [];
    const runner = recordingRunner('thumbnail', done, {
      concurrency: 2,
      pollMs: 60_000,
      uploads: traffic,
      maxHoldBackMs: 60_000,
    });
    runner.start();
    queue.enqueue('thumbnail', 'file-3');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const asked = Date.now();
    await runner.stop();
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(done).toEqual([]);
    expect(queue.lease(['thumbnail'])?.subject).toBe('file-3'); // still queued, never leased
  });
});
