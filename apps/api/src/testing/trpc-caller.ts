import type { Db } from '@keepsake/db';
import type { User } from '@keepsake/shared';
import { createServices } from '../services.js';
import { createContextInner, type SessionTransport } from '../trpc/context.js';
import { createCallerFactory } from '../trpc/init.js';
import { appRouter } from '../trpc/router.js';

const createCaller = createCallerFactory(appRouter);

/**
 * A browser for router tests: it keeps the session cookie the server sets, and each call
 * builds a fresh context from it, as each HTTP request would.
 */
export function testBrowser(db: Db) {
  const services = createServices(db, { sessionMs: 60_000 });
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
  return {
    jar,
    services,
    caller: (signal?: AbortSignal) =>
      createCaller(createContextInner(services, transport()), signal ? { signal } : {}),
  };
}

/** A caller already signed in as `user`, without a session row. */
export function callerAs(db: Db, user: User, signal?: AbortSignal) {
  const ctx = createContextInner(createServices(db, { sessionMs: 60_000 }), {
    sessionToken: undefined,
    setSessionCookie: () => {},
    clearSessionCookie: () => {},
    userAgent: undefined,
    address: undefined,
  });
  return createCaller({ ...ctx, user }, signal ? { signal } : {});
}
