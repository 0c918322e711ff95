import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase, schema } from '@keepsake/db';
import { errorBodySchema } from '@keepsake/shared';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserWithCookie, signIn, trpcErrorCode } from '../testing/browser-session.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('cross-site request forgery', () => {
  it('refuses a cookie-only state change without the dashboard header, or from another origin', async () => {
    const browser = await signIn(server.url, server.user.email, server.user.password);
    const bare = await fetch(`${server.url}/trpc/device.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: browser.cookie },
      body: JSON.stringify({ name: 'forged' }),
    });
    expect(bare.status).toBe(403);
    const foreign = await browser.mutate(
      'device.add',
      { name: 'forged' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const same = await browser.mutate('device.add', { name: 'mine' }, { origin: server.url });
    expect(same.status).toBe(200);
  });

  it('lets the dashboard upload with its session only together with its header, from its own origin', async () => {
    const browser = await signIn(server.url, server.user.email, server.user.password);
    const upload = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/v1/uploads`, {
        method: 'PUT',
        headers: { cookie: browser.cookie, 'keepsake-filename': 'from-browser.jpg', ...headers },
        body: randomBytes(100),
      });
    expect((await upload({})).status).toBe(401);
    // Another site's page cannot send the header without a preflight; the Origin check holds
    // all the same, as for tRPC.
    expect((await upload({ 'x-keepsake-client': 'web', origin: 'https://evil.example' })).status).toBe(403);
    expect((await upload({ 'x-keepsake-client': 'web', origin: server.url })).status).toBe(201);
    expect((await upload({ 'x-keepsake-client': 'web' })).status).toBe(201);
  });
});

describe('security headers', () => {
  it.each(['/', '/api/health', '/api/v1/assets'])('%s carries them', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });
});

describe('sign-in', () => {
  it('slows password guessing per account with a plain "try again in"', async () => {
    await server.addUser('guessed@example.com');
    const guest = browserWithCookie(server.url, '');
    for (let i = 0; i < 5; i++) {
      const wrong = await guest.mutate('auth.login', {
        email: 'guessed@example.com',
        password: `wrong ${i}`,
      });
      expect(wrong.status).toBe(401);
    }
    const blocked = await guest.mutate('auth.login', {
      email: 'guessed@example.com',
      password: server.user.password,
    });
    expect(blocked.status).toBe(429);
    const body = (await blocked.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Try again in 15 minutes/);
    // Someone else's account is not locked by it.
    expect(
      (await guest.mutate('auth.login', { email: server.user.email, password: server.user.password })).status,
    ).toBe(200);
  });

  it('ends a session when it expires', async () => {
    // A server whose sessions last four seconds, so expiry can be watched.
    const shortLived = await startTestServer({ KEEPSAKE_SESSION_DAYS: String(4 / 86400) });
    try {
      const browser = await signIn(shortLived.url, shortLived.user.email, shortLived.user.password);
      expect((await browser.query('device.list')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 4500));
      const after = await browser.query('device.list');
      expect(after.status).toBe(401);
      expect(await trpcErrorCode(after)).toBe('UNAUTHENTICATED');
    } finally {
      await shortLived.close();
    }
  });
});

describe('cookies and keys', () => {
  it('marks the session cookie Secure when the request came over HTTPS through a proxy', async () => {
    const login = (headers: Record<string, string>) =>
      fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-keepsake-client': 'web', ...headers },
        body: JSON.stringify({ email: server.user.email, password: server.user.password }),
      });
    const plain = (await login({})).headers.get('set-cookie')!;
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).toMatch(/SameSite=Lax/i);
    expect(plain).not.toMatch(/Secure/i);
    expect((await login({ 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).toMatch(/; Secure/i);
  });

  it('notes when and from where a device key was last used', async () => {
    await fetch(`${server.url}/api/v1/assets`, {
      headers: { authorization: `Bearer ${server.user.deviceKey}` },
    });
    const db = openDatabase(path.join(server.dataDir, 'keepsake.sqlite'));
    const device = db.db
      .select()
      .from(schema.devices)
      .where(eq(schema.devices.id, server.user.deviceId))
      .get();
    db.close();
    expect(device?.lastSeenAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(device?.lastSeenAddress).toBe('127.0.0.1');
  });
});

describe('sessions', () => {
  it('lists, revokes one, and signs out everywhere', async () => {
    const laptop = await signIn(server.url, server.user.email, server.user.password);
    const phone = await signIn(server.url, server.user.email, server.user.password);
    const listed = (await (await laptop.query('auth.sessions')).json()) as {
      result: { data: { id: string; current: boolean }[] };
    };
    const mine = listed.result.data.filter((s) => s.current);
    expect(mine).toHaveLength(1);
    const other = listed.result.data.find((s) => !s.current)!;
    expect((await laptop.mutate('auth.revokeSession', { sessionId: other.id })).status).toBe(200);
    expect((await laptop.mutate('auth.logoutEverywhere')).status).toBe(200);
    expect((await laptop.query('device.list')).status).toBe(401);
    expect((await phone.query('device.list')).status).toBe(401);
  });

  it('changes the password, keeping this browser and signing out the others', async () => {
    const email = 'changer@example.com';
    await server.addUser(email);
    const here = await signIn(server.url, email, server.user.password);
    const there = await signIn(server.url, email, server.user.password);
    const wrong = await here.mutate('auth.changePassword', {
      current: 'not it',
      next: 'a brand new password',
    });
    expect(wrong.status).toBe(401);
    const short = await here.mutate('auth.changePassword', { current: server.user.password, next: 'short' });
    expect(short.status).toBe(400);
    expect(
      (
        await here.mutate('auth.changePassword', {
          current: server.user.password,
          next: 'a brand new password',
        })
      ).status,
    ).toBe(200);
    expect((await here.query('device.list')).status).toBe(200);
    expect((await there.query('device.list')).status).toBe(401);
    await signIn(server.url, email, 'a brand new password');
  });
});

describe('quotas', () => {
  it('refuses uploads past a quota with 507 and a reason, and takes what fits', async () => {
    const admin = await signIn(server.url, server.user.email, server.user.password);
    const person = await server.addUser('limited@example.com');
    expect((await admin.mutate('user.setQuota', { userId: person.id, quotaBytes: 100_000 })).status).toBe(
      200,
    );
    const put = (size: number, length: boolean) =>
      fetch(`${server.url}/api/v1/uploads`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${person.deviceKey}`, 'keepsake-filename': 'q.bin' },
        // A stream has no Content-Length: the quota is then checked once the size is known.
        body: length ? randomBytes(size) : new Blob([randomBytes(size)]).stream(),
        ...(length ? {} : { duplex: 'half' }),
      } as RequestInit);
    expect((await put(60_000, true)).status).toBe(201);
    const over = await put(60_000, true);
    expect(over.status).toBe(507);
    expect(errorBodySchema.parse(await over.json()).error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      message: expect.stringMatching(/quota/),
    });
    const streamed = await put(60_000, false);
    expect(streamed.status).toBe(507);
    expect((await put(30_000, true)).status).toBe(201);
  });
});

describe('oversized requests', () => {
  it('refuses headers past 16 KB with 431', async () => {
    const response = await fetch(`${server.url}/api/health`, {
      headers: { 'x-padding': 'a'.repeat(20_000) },
    });
    expect(response.status).toBe(431);
  });

  it('refuses a dashboard call body past 1 MB with 413', async () => {
    const browser = await signIn(server.url, server.user.email, server.user.password);
    const response = await browser.mutate('device.add', { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });
});
