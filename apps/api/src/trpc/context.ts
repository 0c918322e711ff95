import type {} from '@fastify/cookie';
import type { Db } from '@keepsake/db';
import type { User } from '@keepsake/shared';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { AssetService } from '../assets/asset-service.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { sessionCookieName, userForSession } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { JobReports } from '../jobs/job-reports.js';
import type { JobQueue } from '../jobs/queue.js';

export interface Services {
  db: Db;
  assets: AssetService;
  queue: JobQueue;
  jobs: JobReports;
  loginLimiter: LoginLimiter;
  config: Pick<Config, 'sessionMs'>;
}

/** What a procedure may touch about the HTTP exchange: cookies and the client's address. */
export interface SessionTransport {
  sessionToken: string | undefined;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
  userAgent: string | undefined;
  address: string | undefined;
}

export interface Context extends Services {
  user: User | null;
  /** The id of the session the request came with, so "sign out other sessions" keeps it. */
  sessionId: string | null;
  transport: SessionTransport;
}

/** The plain part of the context, without HTTP: routers are tested through this. */
export function createContextInner(services: Services, transport: SessionTransport): Context {
  const session = userForSession(services.db, transport.sessionToken);
  return { ...services, user: session?.user ?? null, sessionId: session?.sessionId ?? null, transport };
}

export function createFastifyContext(services: Services) {
  return ({ req, res }: CreateFastifyContextOptions): Context => {
    const secure = req.protocol === 'https';
    return createContextInner(services, {
      sessionToken: req.cookies[sessionCookieName],
      setSessionCookie: (token, expiresAt) =>
        res.setCookie(sessionCookieName, token, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/',
          expires: expiresAt,
        }),
      clearSessionCookie: () => res.clearCookie(sessionCookieName, { path: '/' }),
      userAgent: req.headers['user-agent'],
      address: req.ip,
    });
  };
}
