import { schema } from '@keepsake/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/users.js';
import { JobReports } from '../../jobs/job-reports.js';
import { JobQueue } from '../../jobs/queue.js';
import { createServices } from '../../services.js';
import { tempDatabase } from '../../testing/temp-db.js';
import { createContextInner } from '../context.js';
import { createCallerFactory } from '../init.js';
import { appRouter } from '../router.js';

const createCaller = createCallerFactory(appRouter);
let database: ReturnType<typeof tempDatabase>;
let queue: JobQueue;
const users: Record<string, { id: string; email: string; role: 'admin' | 'member' }> = {};

function callerFor(name: string, signal?: AbortSignal) {
  const user = users[name]!;
  const services = {
    ...createServices(database.db, { sessionMs: 60_000 }),
    queue,
    jobs: new JobReports(database.db, queue),
  };
  const ctx = createContextInner(services, {
    sessionToken: undefined,
    setSessionCookie: () => {},
    clearSessionCookie: () => {},
    userAgent: undefined,
    address: undefined,
  });
  return createCaller({ ...ctx, user }, signal ? { signal } : {});
}

/** A stored file of `owner` whose thumbnail job failed permanently. */
function failedThumbnailOf(owner: string, sha: string): string {
  const file = database.db
    .insert(schema.files)
    .values({
      userId: users[owner]!.id,
      sha256: sha.repeat(64).slice(0, 64),
      size: 1,
      storageKey: `k-${sha}`,
    })
    .returning()
    .get();
  queue.enqueue('thumbnail', file.id);
  const job = queue.lease(['thumbnail'])!;
  queue.fail(job, {
    code: 'CORRUPT_FILE',
    message: 'The file is cut short.',
    step: 'check',
    permanent: true,
  });
  return job.id;
}

beforeEach(async () => {
  database = tempDatabase();
  queue = new JobQueue(database.db);
  users.admin = await createUser(database.db, {
    email: 'admin@example.com',
    password: 'a long enough password',
    role: 'admin',
  });
  users.member = await createUser(database.db, {
    email: 'member@example.com',
    password: 'a long enough password',
    role: 'member',
  });
});
afterEach(() => database.cleanup());

describe('job router', () => {
  it('lists only your own failures, with the reason and the step', async () => {
    const mine = failedThumbnailOf('member', 'a');
    failedThumbnailOf('admin', 'b');
    const failures = await callerFor('member').job.failures({ limit: 50 });
    expect(failures).toEqual([
      expect.objectContaining({
        id: mine,
        kind: 'thumbnail',
        code: 'CORRUPT_FILE',
        step: 'check',
        message: 'The file is cut short.',
      }),
    ]);
    const queues = await callerFor('member').job.queues();
    expect(queues.find((q) => q.kind === 'thumbnail')?.counts.failed).toBe(1);
  });

  it("retries your failed job, but another person's job does not exist for you", async () => {
    const theirs = failedThumbnailOf('admin', 'c');
    await expect(callerFor('member').job.retry({ jobId: theirs })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const mine = failedThumbnailOf('member', 'd');
    await callerFor('member').job.retry({ jobId: mine });
    expect(queue.get(mine)?.state).toBe('queued');
    expect(queue.get(theirs)?.state).toBe('failed');
  });

  it('retries all of your failures at once', async () => {
    failedThumbnailOf('member', 'e');
    failedThumbnailOf('member', 'f');
    failedThumbnailOf('admin', 'g');
    expect(await callerFor('member').job.retryAll({})).toEqual({ retried: 2 });
  });

  it('lets only the admin pause, resume and re-run whole queues', async () => {
    await expect(callerFor('member').job.pause({ kind: 'thumbnail' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await callerFor('admin').job.pause({ kind: 'thumbnail' });
    expect((await callerFor('member').job.queues()).find((q) => q.kind === 'thumbnail')?.paused).toBe(true);
    await callerFor('admin').job.resume({ kind: 'thumbnail' });
    failedThumbnailOf('member', 'h');
    expect(await callerFor('admin').job.run({ kind: 'metadata', mode: 'missing' })).toEqual({ queued: 1 });
  });

  it('streams state changes of your own jobs only', async () => {
    const controller = new AbortController();
    const stream = await callerFor('member', controller.signal).job.changes();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const change of stream) {
        seen.push(change.state);
        if (seen.length === 2) break;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    failedThumbnailOf('admin', 'i');
    failedThumbnailOf('member', 'j');
    await reading;
    controller.abort();
    expect(seen).toEqual(['running', 'failed']);
  });
});
