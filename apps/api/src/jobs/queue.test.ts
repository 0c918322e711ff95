import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../testing/temp-db.js';
import { backoffMs, JobQueue } from './queue.js';

let database: ReturnType<typeof tempDatabase>;
let queue: JobQueue;
beforeEach(() => {
  database = tempDatabase();
  queue = new JobQueue(database.db, 60_000);
});
afterEach(() => database.cleanup());

describe('JobQueue', () => {
  it('keeps one job per kind and subject however often it is enqueued', () => {
    queue.enqueue('thumbnail', 'file-1');
    queue.enqueue('thumbnail', 'file-1');
    expect(queue.lease(['thumbnail'])).toMatchObject({ subject: 'file-1', attempts: 1, state: 'running' });
    expect(queue.lease(['thumbnail'])).toBeUndefined();
  });

  it('hands a job whose lease expired (a crashed worker) to the next worker', () => {
    queue.enqueue('thumbnail', 'file-1');
    const first = queue.lease(['thumbnail'], new Date())!;
    const later = new Date(Date.now() + 61_000);
    const second = queue.lease(['thumbnail'], later)!;
    expect(second.id).toBe(first.id);
    expect(second.attempts).toBe(2);
    // The first worker finishing late must not overwrite the new owner's state.
    expect(queue.succeed(first)).toBe(false);
    expect(queue.succeed(second)).toBe(true);
    expect(queue.get(first.id)?.state).toBe('succeeded');
  });

  it('retries a transient failure later, with the reason kept', () => {
    queue.enqueue('thumbnail', 'file-1');
    const job = queue.lease(['thumbnail'])!;
    expect(queue.fail(job, { code: 'INTERNAL', message: 'disk busy', permanent: false })).toBe('retrying');
    const stored = queue.get(job.id)!;
    expect(stored).toMatchObject({
      state: 'queued',
      lastErrorCode: 'INTERNAL',
      lastErrorMessage: 'disk busy',
    });
    expect(stored.runAt.getTime()).toBeGreaterThan(Date.now() + backoffMs(1) - 1000);
    expect(queue.lease(['thumbnail'])).toBeUndefined();
  });

  it('stops at a permanent failure, and a manual retry starts it afresh', () => {
    queue.enqueue('thumbnail', 'file-1');
    const job = queue.lease(['thumbnail'])!;
    expect(queue.fail(job, { code: 'CORRUPT_FILE', message: 'truncated JPEG', permanent: true })).toBe(
      'failed',
    );
    expect(queue.get(job.id)).toMatchObject({ state: 'failed', lastErrorCode: 'CORRUPT_FILE' });
    expect(queue.retry(job.id)).toBe(true);
    expect(queue.lease(['thumbnail'])).toMatchObject({ id: job.id, attempts: 1 });
  });

  it('gives up after the last attempt', () => {
    queue.enqueue('thumbnail', 'file-1');
    let outcome = '';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const job = queue.lease(['thumbnail'], new Date(Date.now() + attempt * 3_600_000))!;
      outcome = queue.fail(job, { code: 'INTERNAL', message: 'still failing', permanent: false });
    }
    expect(outcome).toBe('failed');
  });
});

describe('queue controls', () => {
  it('a paused queue hands out nothing until it is resumed, and the pause survives a restart', () => {
    queue.enqueue('thumbnail', 'file-1');
    queue.pause('thumbnail');
    expect(queue.lease(['thumbnail'])).toBeUndefined();
    expect(new JobQueue(database.db).pausedKinds()).toEqual(['thumbnail']);
    queue.resume('thumbnail');
    expect(queue.lease(['thumbnail'])).toMatchObject({ subject: 'file-1' });
  });

  it('retries every failed job at once', () => {
    for (const subject of ['a', 'b', 'c']) queue.enqueue('thumbnail', subject);
    for (let i = 0; i < 3; i++) {
      const job = queue.lease(['thumbnail'])!;
      queue.fail(job, { code: 'CORRUPT_FILE', message: 'bad', permanent: true });
    }
    expect(queue.retryAllFailed('thumbnail')).toBe(3);
    expect(queue.lease(['thumbnail'])).toMatchObject({ state: 'running', attempts: 1 });
  });

  it('re-runs only what is missing, or everything', () => {
    queue.enqueue('thumbnail', 'done');
    queue.succeed(queue.lease(['thumbnail'])!);
    expect(queue.rerun('thumbnail', ['done', 'new'], 'missing')).toBe(1);
    expect(queue.rerun('thumbnail', ['done', 'new'], 'all')).toBe(1);
    const subjects = [queue.lease(['thumbnail'])?.subject, queue.lease(['thumbnail'])?.subject].sort();
    expect(subjects).toEqual(['done', 'new']);
  });

  it('announces every state change for the live dashboard', () => {
    const seen: string[] = [];
    queue.events.on('changed', (change: { state: string }) => seen.push(change.state));
    queue.enqueue('thumbnail', 'x');
    const job = queue.lease(['thumbnail'])!;
    queue.fail(job, { code: 'INTERNAL', message: 'transient', permanent: false });
    expect(seen).toEqual(['running', 'queued']);
  });
});
