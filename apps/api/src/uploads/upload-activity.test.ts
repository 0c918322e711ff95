import { schema } from '@keepsake/db';
import type { UploadActivity, User } from '@keepsake/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { addDevice } from '../devices/devices.js';
import { JobReports } from '../jobs/job-reports.js';
import { JobQueue } from '../jobs/queue.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import { callerAs } from '../testing/trpc-caller.js';
import { UploadActivityFeed } from './upload-activity.js';

let database: ReturnType<typeof tempDatabase>;
let user: User;

beforeEach(async () => {
  database = tempDatabase();
  user = await createUser(database.db, {
    email: 'me@example.com',
    password: 'a long password',
    role: 'admin',
  });
});
afterEach(() => database.cleanup());

function receiving(filename: string, at: number, values: Partial<typeof schema.uploads.$inferInsert> = {}) {
  return database.db
    .insert(schema.uploads)
    .values({
      userId: user.id,
      resourceType: 'video',
      filename,
      expectedSize: 100_000_000,
      startedAt: new Date(at),
      updatedAt: new Date(at),
      ...values,
    })
    .returning()
    .get();
}

const progress = (id: string, bytes: number, at: number) =>
  database.db
    .update(schema.uploads)
    .set({ receivedBytes: bytes, updatedAt: new Date(at) })
    .where(eq(schema.uploads.id, id))
    .run();

describe('upload activity', () => {
  it('measures speed and time left between snapshots', () => {
    const t0 = Date.now();
    const phone = addDevice(database.db, user.id, 'iPhone');
    const upload = receiving('IMG_0001.MOV', t0, { deviceId: phone.id });
    receiving('abandoned.MOV', t0 - 10 * 60_000);
    const queue = new JobQueue(database.db);
    const feed = new UploadActivityFeed(database.db, new JobReports(database.db, queue), user.id);

    const first = feed.snapshot(t0);
    expect(first.inFlight).toEqual([
      expect.objectContaining({
        id: upload.id,
        filename: 'IMG_0001.MOV',
        device: { id: phone.id, name: 'iPhone' },
        receivedBytes: 0,
        bytesPerSecond: null,
        secondsLeft: null,
      }),
    ]);
    expect(first.waiting).toBe(1);

    // Progress reaches the database every 5 s; snapshots come every second.
    progress(upload.id, 25_000_000, t0 + 5000);
    expect(feed.snapshot(t0 + 5500).inFlight[0]?.bytesPerSecond).toBeCloseTo(5_000_000, -3);
    expect(feed.snapshot(t0 + 6500).inFlight[0]?.receivedBytes).toBe(25_000_000);
    progress(upload.id, 50_000_000, t0 + 10_000);
    const later = feed.snapshot(t0 + 10_200);
    expect(later.inFlight[0]?.receivedBytes).toBe(50_000_000);
    expect(later.inFlight[0]?.bytesPerSecond).toBeCloseTo(5_000_000, -3);
    expect(later.inFlight[0]?.secondsLeft).toBe(10);

    // Nothing more arrives: the speed drops to zero, then the upload waits for its client.
    expect(feed.snapshot(t0 + 15_500).inFlight[0]?.bytesPerSecond).toBeGreaterThan(0);
    expect(feed.snapshot(t0 + 22_000).inFlight[0]?.bytesPerSecond).toBe(0);
    expect(feed.snapshot(t0 + 10_000 + 61_000)).toMatchObject({ inFlight: [], waiting: 2 });
  });

  it('lists recently finished uploads, newest first, failures with their reason', () => {
    const now = Date.now();
    seedAsset(database.db, user.id, { filename: 'older.jpg', upload: true, at: new Date(now - 60_000) });
    seedAsset(database.db, user.id, { filename: 'newer.jpg', upload: true, at: new Date(now - 1000) });
    receiving('broken.jpg', now - 30_000, {
      state: 'failed',
      failureCode: 'DIGEST_MISMATCH',
      failureMessage: 'The bytes differ.',
      finishedAt: new Date(now - 30_000),
    });
    const feed = new UploadActivityFeed(
      database.db,
      new JobReports(database.db, new JobQueue(database.db)),
      user.id,
    );
    const { recent } = feed.snapshot(now);
    expect(recent.map((r) => [r.filename, r.state])).toEqual([
      ['newer.jpg', 'stored'],
      ['broken.jpg', 'failed'],
      ['older.jpg', 'stored'],
    ]);
    expect(recent[1]?.failure).toEqual({ code: 'DIGEST_MISMATCH', message: 'The bytes differ.' });
  });

  it('recounts the queues only after the job queue reports a change', () => {
    const queue = new JobQueue(database.db);
    let counted = 0;
    const reports = new JobReports(database.db, queue);
    const feed = new UploadActivityFeed(
      database.db,
      {
        summaries: (userId) => {
          counted++;
          return reports.summaries(userId);
        },
      },
      user.id,
      queue.events,
    );
    feed.snapshot();
    feed.snapshot();
    expect(counted).toBe(1);
    const asset = seedAsset(database.db, user.id);
    queue.enqueue('thumbnail', asset.fileId);
    queue.lease(['thumbnail']);
    const snapshot = feed.snapshot();
    expect(counted).toBe(2);
    expect(snapshot.queues.find((q) => q.kind === 'thumbnail')?.counts.running).toBe(1);
    feed.close();
  });

  it('streams a new frame through the subscription when an upload starts', async () => {
    const controller = new AbortController();
    const stream = await callerAs(database.db, user, controller.signal).upload.activity();
    const frames: number[] = [];
    for await (const tracked of stream) {
      // A server-side caller gets the raw envelope, [event id, frame], whatever the type says.
      const [, frame] = tracked as unknown as [string, UploadActivity];
      frames.push(frame.inFlight.length);
      if (frames.length === 1) receiving('IMG_0002.MOV', Date.now());
      if (frames.length === 2) break;
    }
    controller.abort();
    expect(frames).toEqual([0, 1]);
  });
});
