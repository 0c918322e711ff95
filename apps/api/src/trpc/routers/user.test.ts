import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials, createUser } from '../../auth/users.js';
import { createServices } from '../../services.js';
import { tempDatabase } from '../../testing/temp-db.js';
import { createContextInner } from '../context.js';
import { createCallerFactory } from '../init.js';
import { appRouter } from '../router.js';

const createCaller = createCallerFactory(appRouter);
let database: ReturnType<typeof tempDatabase>;

beforeEach(() => {
  database = tempDatabase();
});
afterEach(() => database.cleanup());

async function adminCaller() {
  const admin = await createUser(database.db, {
    email: 'admin@example.com',
    password: 'a long enough password',
    role: 'admin',
  });
  const ctx = createContextInner(createServices(database.db, { sessionMs: 60_000 }), {
    sessionToken: undefined,
    setSessionCookie: () => {},
    clearSessionCookie: () => {},
    userAgent: undefined,
    address: undefined,
  });
  return createCaller({ ...ctx, user: admin });
}

describe('user router', () => {
  it('lets the admin add a person with a quota, who can then sign in', async () => {
    const admin = await adminCaller();
    const added = await admin.user.create({
      email: 'Kid@Example.com',
      password: 'another long password',
      role: 'member',
      quotaBytes: 5_000_000,
    });
    expect(added).toMatchObject({
      email: 'kid@example.com',
      role: 'member',
      quotaBytes: 5_000_000,
      usedBytes: 0,
    });
    expect(await checkCredentials(database.db, 'kid@example.com', 'another long password')).toMatchObject({
      id: added.id,
    });
    const people = await admin.user.list();
    expect(people.map((p) => p.email)).toEqual(['admin@example.com', 'kid@example.com']);
    // The quota is stored with the account, and the answer's creation time is the stored one.
    expect(people[1]).toMatchObject({ quotaBytes: 5_000_000, createdAt: added.createdAt });
    expect(JSON.stringify(people)).not.toMatch(/scrypt|password/i);
  });

  it('refuses a second account with the same email, and a short password', async () => {
    const admin = await adminCaller();
    await expect(
      admin.user.create({
        email: 'admin@example.com',
        password: 'a long enough password',
        role: 'member',
        quotaBytes: null,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      admin.user.create({ email: 'x@example.com', password: 'short', role: 'member', quotaBytes: null }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('sets and clears a quota, answering NOT_FOUND for an unknown person', async () => {
    const admin = await adminCaller();
    const added = await admin.user.create({
      email: 'q@example.com',
      password: 'another long password',
      role: 'member',
      quotaBytes: null,
    });
    expect(await admin.user.setQuota({ userId: added.id, quotaBytes: 1000 })).toEqual({
      ok: true,
      usedBytes: 0,
    });
    expect((await admin.user.list()).find((p) => p.id === added.id)?.quotaBytes).toBe(1000);
    await admin.user.setQuota({ userId: added.id, quotaBytes: null });
    await expect(admin.user.setQuota({ userId: 'nobody', quotaBytes: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
