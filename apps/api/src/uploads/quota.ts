import type { Db } from '@keepsake/db';
import { KeepsakeError } from '../errors.js';
import { uploadStatements } from './upload-statements.js';

/** Bytes of originals this person stores (each distinct file counted once; `users.used_bytes`). */
export function usedBytes(db: Db, userId: string): number {
  return uploadStatements(db).spaceOf.get({ userId })?.used ?? 0;
}

/** Refuses new bytes past the person's quota, before they are stored. */
export function assertWithinQuota(db: Db, userId: string, additionalBytes: number): void {
  const space = uploadStatements(db).spaceOf.get({ userId });
  const quota = space?.quota;
  if (quota === null || quota === undefined) return;
  const used = space?.used ?? 0;
  if (used + additionalBytes > quota) {
    throw new KeepsakeError(
      'QUOTA_EXCEEDED',
      `This upload needs ${additionalBytes} bytes but only ${Math.max(0, quota - used)} of the ${quota}-byte quota are left. Ask the server's admin to raise the quota, or free space in the library.`,
    );
  }
}
