import { schema } from '@keepsake/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { queueCounts } from '../jobs/queue-counts.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import { OverviewService } from './overview-service.js';

let database: ReturnType<typeof tempDatabase>;
let userId: string;
const now = Date.parse('2026-06-15T12:00:00Z');
const day = 86_400_000;

beforeEach(async () => {
  database = tempDatabase();
  userId = (
    await createUser(database.db, { email: 'me@example.com', password: 'a long password', role: 'admin' })
  ).id;
});
afterEach(() => database.cleanup());

describe('overview', () => {
  it('counts assets by kind, bytes of originals and thumbnails, and reads the disk', async () => {
    const photo = seedAsset(database.db, userId, { kind: 'photo', size: 3000, at: new Date(now - day) });
    seedAsset(database.db, userId, { kind: 'video', size: 50_000, at: new Date(now - day) });
    seedAsset(database.db, userId, { kind: 'livePhoto', size: 4000, at: new Date(now - day) });
    const other = (
      await createUser(database.db, { email: 'o@example.com', password: 'a long password', role: 'member' })
    ).id;
    const others = seedAsset(database.db, other, { size: 999_999 });
    const thumbnail = (fileId: string, size: number) =>
      database.db
        .insert(schema.derivatives)
        .values({
          fileId,
          kind: 'thumbnail',
          storageKey: `thumbs/${fileId}.webp`,
          contentType: 'image/webp',
          width: 320,
          height: 240,
          size,
        })
        .run();
    thumbnail(photo.fileId, 120);
    thumbnail(others.fileId, 5000);

    const summary = await new OverviewService(database.db).summary(userId, 'UTC', [], now);
    expect(summary.assets).toEqual({ total: 3, byKind: { photo: 1, video: 1, livePhoto: 1, other: 0 } });
    expect(summary.storage.originalBytes).toBe(57_000);
    expect(summary.storage.derivativeBytes).toBe(120);
    expect(summary.storage.disk?.totalBytes).toBeGreaterThan(0);
  });

  it("counts today's uploads on the viewer's calendar day", async () => {
    // 23:30 UTC yesterday is already today in Tokyo, still yesterday in UTC.
    seedAsset(database.db, userId, { size: 100, at: new Date('2026-06-14T23:30:00Z'), upload: true });
    seedAsset(database.db, userId, { size: 200, at: new Date('2026-06-15T08:00:00Z'), upload: true });
    const service = new OverviewService(database.db);
    expect((await service.summary(userId, 'UTC', [], now)).uploadsToday).toEqual({
      count: 1,
      bytes: 200,
    });
    expect((await service.summary(userId, 'Asia/Tokyo', [], now)).uploadsToday).toEqual({
      count: 2,
      bytes: 300,
    });
  });

  it('warns when a queue is paused', async () => {
    const summary = await new OverviewService(database.db).summary(
      userId,
      'UTC',
      queueCounts(database.db, userId, ['thumbnail']),
      now,
    );
    expect(summary.processing.pausedKinds).toEqual(['thumbnail']);
    expect(summary.attention).toContainEqual({ kind: 'queuePaused', severity: 'warning' });
  });

  it('charts 30 days of uploads and the storage at the end of each day', () => {
    seedAsset(database.db, userId, { size: 1000, at: new Date(now - 100 * day), upload: true });
    seedAsset(database.db, userId, { size: 300, at: new Date(now - 2 * day), upload: true });
    seedAsset(database.db, userId, { size: 50, at: new Date(now - 2 * day + 60_000), upload: true });
    seedAsset(database.db, userId, { size: 7, at: new Date(now - 60_000), upload: true });

    const { days } = new OverviewService(database.db).history(userId, 'UTC', now);
    expect(days).toHaveLength(30);
    expect(days[0]?.day).toBe('2026-05-17');
    expect(days.at(-1)).toMatchObject({
      day: '2026-06-15',
      uploads: 1,
      uploadedBytes: 7,
      storedOriginalBytes: 1357,
    });
    expect(days.at(-3)).toMatchObject({
      day: '2026-06-13',
      uploads: 2,
      uploadedBytes: 350,
      storedOriginalBytes: 1350,
    });
    expect(days.at(-4)).toMatchObject({ uploads: 0, storedOriginalBytes: 1000 });
    expect(days[0]).toMatchObject({ uploads: 0, storedOriginalBytes: 1000 });
  });
});
