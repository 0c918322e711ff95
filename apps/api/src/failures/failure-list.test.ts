import { schema } from '@keepsake/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { addDevice } from '../devices/devices.js';
import { JobQueue } from '../jobs/queue.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import { dismissFailures, restoreDismissedFailures } from './dismiss-failures.js';
import { listFailures } from './failure-list.js';

let database: ReturnType<typeof tempDatabase>;
let userId: string;

beforeEach(async () => {
  database = tempDatabase();
  userId = (
    await createUser(database.db, { email: 'me@example.com', password: 'a long password', role: 'admin' })
  ).id;
});
afterEach(() => database.cleanup());

function failedUpload(values: Partial<typeof schema.uploads.$inferInsert> & { filename: string }) {
  return database.db
    .insert(schema.uploads)
    .values({
      userId,
      resourceType: 'photo',
      state: 'failed',
      failureCode: 'DIGEST_MISMATCH',
      failureMessage: 'The bytes received differ from the digest sent.',
      ...values,
    })
    .returning()
    .get();
}

describe('failure list', () => {
  it('lists failed uploads and jobs with the file, the device and the reason, newest first', () => {
    const phone = addDevice(database.db, userId, 'iPhone');
    failedUpload({ filename: 'IMG_1.HEIC', deviceId: phone.id, updatedAt: new Date(Date.now() - 60_000) });
    const asset = seedAsset(database.db, userId, { filename: 'broken.heic', deviceId: phone.id });
    const queue = new JobQueue(database.db);
    queue.enqueue('thumbnail', asset.fileId);
    const job = queue.lease(['thumbnail'])!;
    queue.fail(job, {
      code: 'CORRUPT_FILE',
      message: 'The file is cut short.',
      step: 'check',
      permanent: true,
    });

    const { items, truncated } = listFailures(database.db, userId);
    expect(truncated).toBe(false);
    expect(items).toEqual([
      expect.objectContaining({
        id: `job:${job.id}`,
        kind: 'thumbnail',
        filename: 'broken.heic',
        assetId: asset.assetId,
        device: { id: phone.id, name: 'iPhone' },
        code: 'CORRUPT_FILE',
        step: 'check',
        retryable: true,
      }),
      expect.objectContaining({
        kind: 'upload',
        filename: 'IMG_1.HEIC',
        device: { id: phone.id, name: 'iPhone' },
        code: 'DIGEST_MISMATCH',
        retryable: false,
      }),
    ]);
  });

  it('drops an upload failure once the same photo arrived later from the same device', () => {
    const phone = addDevice(database.db, userId, 'iPhone');
    const earlier = new Date(Date.now() - 3_600_000);
    failedUpload({
      filename: 'IMG_2.HEIC',
      deviceId: phone.id,
      deviceAssetId: 'A/L0/001',
      startedAt: earlier,
    });
    failedUpload({
      filename: 'IMG_3.HEIC',
      deviceId: phone.id,
      deviceAssetId: 'B/L0/001',
      startedAt: earlier,
    });
    failedUpload({ filename: 'from-browser.jpg', startedAt: earlier });
    database.db
      .insert(schema.uploads)
      .values([
        {
          userId,
          deviceId: phone.id,
          deviceAssetId: 'A/L0/001',
          resourceType: 'photo',
          filename: 'IMG_2.HEIC',
          state: 'stored',
        },
        // Same asset, other resource: the photo itself is still missing.
        {
          userId,
          deviceId: phone.id,
          deviceAssetId: 'B/L0/001',
          resourceType: 'pairedVideo',
          filename: 'IMG_3.MOV',
          state: 'stored',
        },
        { userId, resourceType: 'photo', filename: 'from-browser.jpg', state: 'stored' },
      ])
      .run();
    expect(listFailures(database.db, userId).items.map((f) => f.filename)).toEqual(['IMG_3.HEIC']);
  });

  it('shows a failure still wrong behind hundreds fixed since, and one fixed before it was recorded', () => {
    const phone = addDevice(database.db, userId, 'iPhone');
    const hourAgo = new Date(Date.now() - 3_600_000);
    failedUpload({
      filename: 'IMG_OLD.HEIC',
      deviceId: phone.id,
      deviceAssetId: 'OLD/L0/001',
      startedAt: hourAgo,
    });
    const flaky = Array.from({ length: 600 }, (_, n) => ({
      userId,
      deviceId: phone.id,
      deviceAssetId: `F${n}/L0/001`,
      resourceType: 'photo' as const,
      filename: `IMG_${n}.HEIC`,
    }));
    database.db
      .insert(schema.uploads)
      .values(flaky.map((u) => ({ ...u, state: 'expired' as const, startedAt: hourAgo })))
      .run();
    database.db
      .insert(schema.uploads)
      .values(flaky.map((u) => ({ ...u, state: 'stored' as const })))
      .run();
    // Stored by a later upload before this earlier one was recorded as failed.
    database.db
      .insert(schema.uploads)
      .values({
        userId,
        deviceId: phone.id,
        deviceAssetId: 'LATE/L0/001',
        resourceType: 'photo',
        filename: 'IMG_LATE.HEIC',
        state: 'stored',
      })
      .run();
    failedUpload({
      filename: 'IMG_LATE.HEIC',
      deviceId: phone.id,
      deviceAssetId: 'LATE/L0/001',
      startedAt: hourAgo,
    });

    const list = listFailures(database.db, userId, 500);
    expect(list.items.map((f) => f.filename)).toEqual(['IMG_OLD.HEIC']);
    expect(list.truncated).toBe(false);
  });

  it("never shows another person's failures, and says when the list is cut", async () => {
    const other = await createUser(database.db, {
      email: 'o@example.com',
      password: 'a long password',
      role: 'member',
    });
    database.db
      .insert(schema.uploads)
      .values({
        userId: other.id,
        resourceType: 'photo',
        filename: 'theirs.jpg',
        state: 'failed',
        failureCode: 'TOO_LARGE',
      })
      .run();
    for (const n of [1, 2, 3]) failedUpload({ filename: `mine-${n}.jpg` });
    const list = listFailures(database.db, userId, 2);
    expect(list.items).toHaveLength(2);
    expect(list.truncated).toBe(true);
    expect(list.items.every((f) => f.filename?.startsWith('mine'))).toBe(true);
  });

  it('dismisses for every browser, keeps the record, and shows a job again when it fails anew', async () => {
    const upload = failedUpload({ filename: 'cut.jpg' });
    const asset = seedAsset(database.db, userId, { filename: 'broken.heic' });
    const queue = new JobQueue(database.db);
    queue.enqueue('thumbnail', asset.fileId);
    const failOnce = () => {
      const job = queue.lease(['thumbnail'])!;
      queue.fail(job, { code: 'CORRUPT_FILE', message: 'Cut short.', permanent: true });
      return job;
    };
    const job = failOnce();
    const other = await createUser(database.db, {
      email: 'o@example.com',
      password: 'a long password',
      role: 'member',
    });

    // Someone else's dismissal changes nothing here.
    expect(dismissFailures(database.db, other.id, [`upload:${upload.id}`, `job:${job.id}`])).toBe(0);
    expect(listFailures(database.db, userId).items).toHaveLength(2);

    expect(dismissFailures(database.db, userId, [`upload:${upload.id}`, `job:${job.id}`, 'job:nope'])).toBe(
      2,
    );
    expect(listFailures(database.db, userId)).toMatchObject({ items: [], dismissed: 2 });
    // The upload keeps its reason on the server.
    const kept = database.db
      .select()
      .from(schema.uploads)
      .all()
      .find((u) => u.id === upload.id);
    expect(kept).toMatchObject({ state: 'failed', failureCode: 'DIGEST_MISMATCH' });

    // Retried and failed again: news again, without anyone restoring it.
    expect(queue.retry(job.id)).toBe(true);
    failOnce();
    expect(listFailures(database.db, userId)).toMatchObject({
      items: [expect.objectContaining({ id: `job:${job.id}` })],
      dismissed: 1,
    });

    expect(restoreDismissedFailures(database.db, userId)).toBe(1);
    expect(listFailures(database.db, userId)).toMatchObject({ dismissed: 0 });
    expect(
      listFailures(database.db, userId)
        .items.map((f) => f.id)
        .sort(),
    ).toEqual([`job:${job.id}`, `upload:${upload.id}`].sort());
  });
});
