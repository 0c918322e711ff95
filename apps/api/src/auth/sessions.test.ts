import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../testing/temp-db.js';
import { createFirstAdmin } from './first-run.js';
import { createSession, revokeSession, userForSession } from './sessions.js';

let database: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  database = tempDatabase();
});
afterEach(() => database.cleanup());

const client = { userAgent: 'test', address: '127.0.0.1' };

describe('sessions', () => {
  it('resolves a live session to its person, and nothing else', async () => {
    const admin = await createFirstAdmin(database.db, {
      email: 'me@example.com',
      password: 'a long enough password',
    });
    const { token } = createSession(database.db, admin.id, 60_000, client);
    const found = userForSession(database.db, token);
    expect(found?.user).toMatchObject({ id: admin.id, email: 'me@example.com' });
    expect(userForSession(database.db, `${token}x`)).toBeNull();
    expect(userForSession(database.db, undefined)).toBeNull();
    expect(revokeSession(database.db, admin.id, found!.sessionId)).toBe(true);
    expect(userForSession(database.db, token)).toBeNull();
  });

  it('stops resolving a session once it has expired', async () => {
    const admin = await createFirstAdmin(database.db, {
      email: 'me@example.com',
      password: 'a long enough password',
    });
    const { token } = createSession(database.db, admin.id, 60_000, client);
    expect(userForSession(database.db, token)).not.toBeNull();
    database.sqlite.prepare('update sessions set expires_at = ?').run(Date.now() - 1);
    expect(userForSession(database.db, token)).toBeNull();
  });
});
