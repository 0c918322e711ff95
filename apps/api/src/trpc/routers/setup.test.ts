import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../testing/temp-db.js';
import { testBrowser } from '../../testing/trpc-caller.js';

let database: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  database = tempDatabase();
});
afterEach(() => database.cleanup());

describe('setup router', () => {
  it('lets the first visitor create the admin, signs them in, and then closes', async () => {
    const { jar, caller } = testBrowser(database.db);
    expect(await caller().setup.status()).toEqual({ needsAdmin: true });
    const admin = await caller().setup.createAdmin({
      email: 'Owner@Example.com',
      password: 'a long enough password',
    });
    expect(admin).toMatchObject({ email: 'owner@example.com', role: 'admin' });
    expect(jar.token).toMatch(/^kss_/);
    expect(await caller().auth.me()).toMatchObject({ email: 'owner@example.com' });
    expect(await caller().setup.status()).toEqual({ needsAdmin: false });

    const stranger = testBrowser(database.db);
    await expect(
      stranger.caller().setup.createAdmin({ email: 'x@example.com', password: 'a long enough password' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(stranger.jar.token).toBeUndefined();
  });

  it('refuses a short password with the reason', async () => {
    const { caller } = testBrowser(database.db);
    await expect(
      caller().setup.createAdmin({ email: 'owner@example.com', password: 'short' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/at least 10 characters/),
    });
  });
});
