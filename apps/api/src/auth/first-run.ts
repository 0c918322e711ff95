import { type Db, schema } from '@keepsake/db';
import type { CreateAdminInput, User } from '@keepsake/shared';
import { sql } from 'drizzle-orm';
import { KeepsakeError } from '../errors.js';
import { hashPassword } from './password.js';
import { publicUserColumns } from './users.js';

const { users } = schema;

/** A server with no account yet: the first visitor to the dashboard creates the admin. */
export function needsAdmin(db: Db): boolean {
  return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n === 0;
}

/**
 * Creates the first account, as admin, only while there is none. The check and the insert run
 * in one synchronous transaction after the slow hash, so two visitors racing to claim a new
 * server cannot both succeed.
 */
export async function createFirstAdmin(db: Db, input: CreateAdminInput): Promise<User> {
  if (!needsAdmin(db)) throw setupClosed();
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    if (tx.select({ n: sql<number>`count(*)` }).from(users).get()?.n !== 0) throw setupClosed();
    return tx
      .insert(users)
      .values({ email: input.email, passwordHash, role: 'admin' })
      .returning(publicUserColumns)
      .get();
  });
}

const setupClosed = () =>
  new KeepsakeError(
    'CONFLICT',
    'This server already has an admin. Sign in, or ask the admin to add an account for you.',
  );
