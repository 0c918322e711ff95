import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/users.js';
import { createServices } from '../../services.js';
import { tempDatabase } from '../../testing/temp-db.js';
import { createContextInner, type SessionTransport } from '../context.js';
import { createCallerFactory } from '../init.js';
import { appRouter } from '../router.js';

const createCaller = createCallerFactory(appRouter);
let database: ReturnType<typeof tempDatabase>;

beforeEach(async () => {
  database = tempDatabase();
  await createUser(database.db, {
    email: 'me@example.com',
    password: 'a long enough password',
    role: 'admin',
  });
});
afterEach(() => database.cleanup());

const services = () => createServices(database.db, { sessionMs: 60_000 });

/** A transport that remembers the cookie, as a browser would. */
function browser() {
  const jar: { token: string | undefined } = { token: undefined };
  const transport = (): SessionTransport => ({
    sessionToken: jar.token,
    setSessionCookie: (token) => {
      jar.token = token;
    },
    clearSessionCookie: () => {
      jar.token = undefined;
    },
    userAgent: 'test',
    address: '127.0.0.1',
  });
  const caller = () => createCaller(createContextInner(services(), transport()));
  return { jar, caller };
}

describe('auth router', () => {
  it('signs in, knows who is signed in, and signs out', async () => {
    const { jar, caller } = browser();
    expect(await caller().auth.me()).toBeNull();
    const user = await caller().auth.login({ email: 'Me@Example.com', password: 'a long enough password' });
    expect(user).toMatchObject({ email: 'me@example.com', role: 'admin' });
    expect(jar.token).toMatch(/^kss_/);
    expect(await caller().auth.me()).toMatchObject({ email: 'me@example.com' });
    await caller().auth.logout();
    expect(jar.token).toBeUndefined();
  });

  it('refuses a wrong password with UNAUTHORIZED and a plain reason', async () => {
    const { caller } = browser();
    const attempt = caller().auth.login({ email: 'me@example.com', password: 'not the password' });
    await expect(attempt).rejects.toThrow(TRPCError);
    await expect(attempt).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringMatching(/do not match/),
    });
  });

  it('keeps the library behind sign-in', async () => {
    const { caller } = browser();
    await expect(caller().asset.list({ limit: 10 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('adds a device whose key is shown once and stored only as a hash', async () => {
    const { caller } = browser();
    await caller().auth.login({ email: 'me@example.com', password: 'a long enough password' });
    const device = await caller().device.add({ name: 'My iPhone' });
    expect(device.apiKey).toMatch(/^ksk_/);
    const stored = database.sqlite.prepare('select key_hash from devices').get() as { key_hash: string };
    expect(stored.key_hash).not.toContain(device.apiKey);
    expect(await caller().device.list()).toEqual([
      expect.not.objectContaining({ apiKey: expect.anything() }),
    ]);
  });
});
