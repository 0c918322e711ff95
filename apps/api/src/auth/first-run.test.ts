import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../testing/temp-db.js';
import { createFirstAdmin, needsAdmin } from './first-run.js';
import { checkCredentials } from './users.js';

let database: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  database = tempDatabase();
});
afterEach(() => database.cleanup());

describe('first run', () => {
  it('creates the admin on a server without accounts, and then closes', async () => {
    expect(needsAdmin(database.db)).toBe(true);
    const admin = await createFirstAdmin(database.db, {
      email: 'first@example.com',
      password: 'a long enough password',
    });
    expect(admin).toMatchObject({ email: 'first@example.com', role: 'admin' });
    expect(needsAdmin(database.db)).toBe(false);
    expect(await checkCredentials(database.db, 'first@example.com', 'a long enough password')).toMatchObject({
      id: admin.id,
    });
    await expect(
      createFirstAdmin(database.db, { email: 'second@example.com', password: 'a long enough password' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already has an admin/) });
  });

  it('lets only one of two simultaneous visitors claim a new server', async () => {
    const attempts = await Promise.allSettled([
      createFirstAdmin(database.db, { email: 'a@example.com', password: 'a long enough password' }),
      createFirstAdmin(database.db, { email: 'b@example.com', password: 'a long enough password' }),
    ]);
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(database.sqlite.prepare('select count(*) as n from users').get()).toEqual({ n: 1 });
  });
});
