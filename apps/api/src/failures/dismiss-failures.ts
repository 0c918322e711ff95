import { type Db, schema } from '@keepsake/db';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { ownJob } from '../jobs/own-job.js';

const { jobs, uploads } = schema;

/**
 * Hides failures from the Failures page, Overview and device states, in every browser. Nothing is
 * deleted: the upload or job keeps its record and reason, and a job that fails again shows again.
 * Ids are the Failures list's own (`upload:<id>`, `job:<id>`); others' ids change nothing.
 */
export function dismissFailures(db: Db, userId: string, ids: readonly string[], now = new Date()): number {
  const uploadIds = ids.flatMap((id) => (id.startsWith('upload:') ? [id.slice('upload:'.length)] : []));
  const jobIds = ids.flatMap((id) => (id.startsWith('job:') ? [id.slice('job:'.length)] : []));
  return db.transaction((tx) => {
    let changed = 0;
    if (uploadIds.length) {
      changed += tx
        .update(uploads)
        .set({ dismissedAt: now })
        .where(and(eq(uploads.userId, userId), inArray(uploads.id, uploadIds)))
        .run().changes;
    }
    if (jobIds.length) {
      changed += tx
        .update(jobs)
        .set({ dismissedAt: now })
        .where(and(inArray(jobs.id, jobIds), eq(jobs.state, 'failed'), ownJob(userId)))
        .run().changes;
    }
    return changed;
  });
}

/** Brings every dismissed failure of the person back onto the list. */
export function restoreDismissedFailures(db: Db, userId: string): number {
  return db.transaction((tx) => {
    const restoredUploads = tx
      .update(uploads)
      .set({ dismissedAt: null })
      .where(and(eq(uploads.userId, userId), isNotNull(uploads.dismissedAt)))
      .run().changes;
    const restoredJobs = tx
      .update(jobs)
      .set({ dismissedAt: null })
      .where(and(eq(jobs.state, 'failed'), isNotNull(jobs.dismissedAt), ownJob(userId)))
      .run().changes;
    return restoredUploads + restoredJobs;
  });
}
