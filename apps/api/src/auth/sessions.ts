import { type Db, schema } from '@keepsake/db';
import type { User } from '@keepsake/shared';
import { and, eq, gt } from 'drizzle-orm';
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

export function userForSession(db: Db, token: string | undefined): { user: User; sessionId: string } | null {
  if (!token) return null;
  const row = db
    .select({ sessionId: sessions.id, ...publicUserColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashSecretToken(token)), gt(sessions.expiresAt, new Date())))
    .get();
  if (!row) return null;
  const { sessionId, ...user } = row;
  return { user, sessionId };
}

export function deleteSession(db: Db, token: string | undefined): void {
  if (token)
    db.delete(sessions)
      .where(eq(sessions.tokenHash, hashSecretToken(token)))
      .run();
}
