import { type Db, schema } from '@keepsake/db';
import { jobKinds, type QueueSummary } from '@keepsake/shared';
import { sql } from 'drizzle-orm';
import { ownJob } from './own-job.js';

const { jobs } = schema;

/** How many of the person's jobs of each kind are queued, running, done and failed. */
export function queueCounts(
  db: Db,
  userId: string,
  pausedKinds: readonly QueueSummary['kind'][],
): QueueSummary[] {
  const count = sql<number>`count(*)`;
  // Read from the (user, state, kind) index alone.
  const rows = db
    .select({ kind: jobs.kind, state: jobs.state, count })
    .from(jobs)
    .where(ownJob(userId))
    .groupBy(jobs.state, jobs.kind)
    .all();
  const paused = new Set(pausedKinds);
  return jobKinds.map((kind) => {
    const of = (state: string) => rows.find((r) => r.kind === kind && r.state === state)?.count ?? 0;
    return {
      kind,
      paused: paused.has(kind),
      counts: {
        queued: of('queued'),
        running: of('running'),
        succeeded: of('succeeded'),
        failed: of('failed'),
      },
    };
  });
}
