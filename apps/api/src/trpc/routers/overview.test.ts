import type { User } from '@keepsake/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/users.js';
import { addDevice } from '../../devices/devices.js';
import { seedAsset } from '../../testing/seed-library.js';
import { tempDatabase } from '../../testing/temp-db.js';
import { callerAs, testBrowser } from '../../testing/trpc-caller.js';

let database: ReturnType<typeof tempDatabase>;
let me: User;
beforeEach(async () => {
  database = tempDatabase();
  me = await createUser(database.db, {
    email: 'me@example.com',
    password: 'a long password',
    role: 'member',
  });
});
afterEach(() => database.cleanup());

describe('overview, failure and library routers', () => {
  it('answer for the signed-in person only', async () => {
    const phone = addDevice(database.db, me.id, 'iPhone');
    seedAsset(database.db, me.id, { deviceId: phone.id, upload: true, size: 2000 });
    const caller = callerAs(database.db, me);
    const summary = await caller.overview.summary({ timeZone: 'Europe/Paris' });
    expect(summary).toMatchObject({ assets: { total: 1 }, uploadsToday: { count: 1, bytes: 2000 } });
    expect(summary.processing).toMatchObject({ queued: 0, failed: 0, pausedKinds: [] });
    expect((await caller.overview.history({ timeZone: 'Europe/Paris' })).days).toHaveLength(30);
    expect(await caller.overview.devices()).toEqual([expect.objectContaining({ name: 'iPhone', assets: 1 })]);
    expect(await caller.failure.list()).toEqual({ items: [], truncated: false, dismissed: 0 });
    expect((await caller.library.facets()).total).toBe(1);

    const other = await createUser(database.db, {
      email: 'o@example.com',
      password: 'a long password',
      role: 'member',
    });
    const theirs = callerAs(database.db, other);
    expect((await theirs.overview.summary({ timeZone: 'UTC' })).assets.total).toBe(0);
    expect(await theirs.overview.devices()).toEqual([]);
  });

  it('refuse an unknown time zone with the reason, and strangers altogether', async () => {
    await expect(
      callerAs(database.db, me).overview.summary({ timeZone: 'Mars/Olympus' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const stranger = testBrowser(database.db).caller();
    await expect(stranger.overview.summary({ timeZone: 'UTC' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(stranger.failure.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(stranger.library.list({ limit: 10 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(stranger.upload.activity()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
