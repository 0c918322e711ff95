import { type Db, schema } from '@keepsake/db';
import { emailSchema, passwordSchema, type User, type UserRole } from '@keepsake/shared';
import { eq } from 'drizzle-orm';
import { KeepsakeError } from '../errors.js';
import { hashPassword, verifyPassword } from './password.js';

const { users } = schema;

export const publicUserColumns = { id: users.id, email: users.email, role: users.role } as const;

/** A new account; with `quotaBytes` its uploads stop at that many stored bytes. */
export async function createUser(
  db: Db,
  input: { email: string; password: string; role: UserRole; quotaBytes?: number | null },
): Promise<User & { createdAt: Date; quotaBytes: number | null }> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new KeepsakeError('BAD_REQUEST', `"${input.email}" is not an email address.`);
  const password = passwordSchema.safeParse(input.password);
  if (!password.success)
    throw new KeepsakeError('BAD_REQUEST', password.error.issues[0]?.message ?? 'Bad password.');
  if (findUserByEmail(db, email.data)) {
    throw new KeepsakeError('CONFLICT', `A user with the email ${email.data} already exists.`);
  }
  const passwordHash = await hashPassword(password.data);
  return db
    .insert(users)
    .values({ email: email.data, passwordHash, role: input.role, quotaBytes: input.quotaBytes ?? null })
    .returning({ ...publicUserColumns, createdAt: users.createdAt, quotaBytes: users.quotaBytes })
    .get();
}

export async function changePassword(db: Db, userId: string, password: string): Promise<void> {
  const checked = passwordSchema.safeParse(password);
  if (!checked.success)
    throw new KeepsakeError('BAD_REQUEST', checked.error.issues[0]?.message ?? 'Bad password.');
  db.update(users)
    .set({ passwordHash: await hashPassword(checked.data) })
    .where(eq(users.id, userId))
    .run();
}

export function findUserByEmail(db: Db, email: string) {
  return db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
}

export function getUser(db: Db, id: string): User | undefined {
  return db.select(publicUserColumns).from(users).where(eq(users.id, id)).get();
}

/** The same answer and roughly the same time for an unknown email as for a wrong password. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<User | null> {
  const user = findUserByEmail(db, email);
  dummyHash ??= hashPassword('keepsake-timing-equaliser');
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  return user && ok ? { id: user.id, email: user.email, role: user.role } : null;
}

let dummyHash: Promise<string> | undefined;
