import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/users.js';
import { tempDatabase } from '../../testing/temp-db.js';
import { callerAs } from '../../testing/trpc-caller.js';

let database: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  database = tempDatabase();
});
afterEach(() => database.cleanup());

describe('device router', () => {
  it("renames your device, but another person's device does not exist for you", async () => {
    const me = await createUser(database.db, {
      email: 'me@example.com',
      password: 'a long password',
      role: 'admin',
    });
    const other = await createUser(database.db, {
      email: 'other@example.com',
      password: 'a long password',
      role: 'member',
    });
    const mine = await callerAs(database.db, me).device.add({ name: 'iPhone' });
    const theirs = await callerAs(database.db, other).device.add({ name: 'Pixel' });

    await callerAs(database.db, me).device.rename({ deviceId: mine.id, name: '  Anna’s iPhone ' });
    expect((await callerAs(database.db, me).device.list())[0]?.name).toBe('Anna’s iPhone');
    await expect(
      callerAs(database.db, me).device.rename({ deviceId: theirs.id, name: 'Mine now' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      callerAs(database.db, me).device.rename({ deviceId: mine.id, name: '   ' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
