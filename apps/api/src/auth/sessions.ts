import { type Db, perConnection, schema } from '@keepsake/db';
import type { User } from '@keepsake/shared';
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import { hashSecretToken, newSecretToken } from './secret-token.js';
import { publicUserColumns } from './users.js';

const { sessions, users } = schema;
export const sessionCookieName = 'keepsake_session';

export function createSession(
  db: Db,
  userId: string,
  lifetimeMs: number,
  client: { userAgent?: string | undefined; address?: string | undefined },
): { token: string; expiresAt: Date } {
  const { token, hash } = newSecretToken('kss');
  const expiresAt = new Date(Date.now() + lifetimeMs);
  db.insert(sessions)
    .values({
      tokenHash: hash,
      userId,
      expiresAt,
      userAgent: client.userAgent ?? null,
      address: client.address ?? null,
    })
    .run();
  return { token, expiresAt };
}

/** Prepared once per connection: every request of the dashboard asks it. */
const sessionByToken = perConnection((db) =>
  db
    .select({ sessionId: sessions.id, ...publicUserColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    // `now` in milliseconds, as the column stores it: a placeholder's value is bound unconverted.
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare(),
);

export function userForSession(db: Db, token: string | undefined): { user: User; sessionId: string } | null {
  if (!token) return null;
  const row = sessionByToken(db).get({ tokenHash: hashSecretToken(token), now: Date.now() });
  if (!row) return null;
  const { sessionId, ...user } = row;
  return { user, sessionId };
}

export function listSessions(db: Db, userId: string) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
      address: sessions.address,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .all();
}

/** Signs one session out; NOT_FOUND covers both "no such session" and "not yours". */
export function revokeSession(db: Db, userId: string, sessionId: string): boolean {
  return (
    db
      .delete(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
      .run().changes === 1
  );
}

/** Signs the person out everywhere but `keep` (the browser that changed the password). */
export function revokeOtherSessions(db: Db, userId: string, keep: string | null): number {
  return db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keep ? ne(sessions.id, keep) : undefined))
    .run().changes;
}

/** Signs out everywhere: every browser this person is signed in on. */
export function revokeAllSessions(db: Db, userId: string): number {
  return revokeOtherSessions(db, userId, null);
}

export function deleteSession(db: Db, token: string | undefined): void {
  if (token)
    db.delete(sessions)
      .where(eq(sessions.tokenHash, hashSecretToken(token)))
      .run();
}
