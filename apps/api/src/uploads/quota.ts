import { type Db, schema } from '@keepsake/db';
import { eq, sql } from 'drizzle-orm';
import { KeepsakeError } from '../errors.js';
import { uploadStatements } from './upload-statements.js';

/** Bytes of originals this person stores (each distinct file counted once). */
export function usedBytes(db: Db, userId: string): number {
  return (
    db
      .select({ used: sql<number>`coalesce(sum(${schema.files.size}), 0)` })
      .from(schema.files)
      .where(eq(schema.files.userId, userId))
      .get()?.used ?? 0
  );
}

/** Refuses new bytes past the person's quota, before they are stored. */
export function assertWithinQuota(db: Db, userId: string, additionalBytes: number): void {
  const quota = uploadStatements(db).quotaOf.get({ userId })?.quota;
  if (quota === null || quota === undefined) return;
  const used = usedBytes(db, userId);
  if (used + additionalBytes > quota) {
    throw new KeepsakeError(
      'QUOTA_EXCEEDED',
      `This upload needs ${additionalBytes} bytes but only ${Math.max(0, quota - used)} of the ${quota}-byte quota are left. Ask the server's admin to raise the quota, or free space in the library.`,
    );
  }
}
