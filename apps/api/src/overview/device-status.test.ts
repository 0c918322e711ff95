import { schema } from '@keepsake/db';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { addDevice, revokeDevice } from '../devices/devices.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import { deviceStatuses } from './device-status.js';

let database: ReturnType<typeof tempDatabase>;
let userId: string;
const now = Date.now();

beforeEach(async () => {
  database = tempDatabase();
  userId = (
    await createUser(database.db, { email: 'me@example.com', password: 'a long password', role: 'admin' })
  ).id;
});
afterEach(() => database.cleanup());

const seen = (deviceId: string, at: number) =>
  database.db
    .update(schema.devices)
    .set({ lastSeenAt: new Date(at) })
    .where(eq(schema.devices.id, deviceId))
    .run();

describe('device status', () => {
  it('says what arrived from each device and whether it needs a look', () => {
    addDevice(database.db, userId, 'New iPad');
    const good = addDevice(database.db, userId, 'iPhone');
    const quiet = addDevice(database.db, userId, 'Old phone');
    const busy = addDevice(database.db, userId, 'Uploading phone');
    const broken = addDevice(database.db, userId, 'Failing phone');
    const gone = addDevice(database.db, userId, 'Sold phone');
    revokeDevice(database.db, userId, gone.id);
    seen(good.id, now - 60_000);
    seen(quiet.id, now - 10 * 86_400_000);
    seen(busy.id, now);
    seen(broken.id, now);
    seedAsset(database.db, userId, { deviceId: good.id, upload: true, at: new Date(now - 120_000) });
    seedAsset(database.db, userId, { deviceId: good.id, upload: true, at: new Date(now - 60_000) });
    database.db
      .insert(schema.uploads)
      .values([
        { userId, deviceId: busy.id, resourceType: 'photo', filename: 'a.heic', receivedBytes: 10 },
        {
          userId,
          deviceId: broken.id,
          resourceType: 'photo',
          filename: 'b.heic',
          state: 'failed',
          failureCode: 'DIGEST_MISMATCH',
          failureMessage: 'The bytes differ.',
        },
      ])
      .run();

    const byName = Object.fromEntries(deviceStatuses(database.db, userId, now).map((d) => [d.name, d]));
    expect(byName['New iPad']).toMatchObject({ state: 'neverConnected', assets: 0, lastUploadAt: null });
    expect(byName.iPhone).toMatchObject({
      state: 'ok',
      assets: 2,
      lastUploadAt: new Date(now - 60_000).toISOString(),
      failures: 0,
    });
    expect(byName['Old phone']?.state).toBe('quiet');
    expect(byName['Uploading phone']).toMatchObject({ state: 'uploading', uploading: 1 });
    expect(byName['Failing phone']).toMatchObject({ state: 'attention', failures: 1 });
    expect(byName['Sold phone']?.state).toBe('revoked');
  });
});
