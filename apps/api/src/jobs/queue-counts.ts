import { type Db, schema } from '@keepsake/db';
import { jobKinds, type QueueSummary } from '@keepsake/shared';
import { sql } from 'drizzle-orm';
import { ownsEveryFile } from '../assets/library-scope.js';

const { files, jobs } = schema;

/**
 * How many of the person's jobs of each kind are queued, running, done and failed. When the person
 * owns every file the jobs are counted without the per-file ownership check, which at 100,000
 * files took the query from over a second to tens of milliseconds; otherwise through a join.
 */
export function queueCounts(
  db: Db,
  userId: string,
  pausedKinds: readonly QueueSummary['kind'][],
): QueueSummary[] {
  const count = sql<number>`count(*)`;
  const rows = ownsEveryFile(db, userId)
    ? db.select({ kind: jobs.kind, state: jobs.state, count }).from(jobs).groupBy(jobs.kind, jobs.state).all()
    : db
        .select({ kind: jobs.kind, state: jobs.state, count })
        .from(files)
        .innerJoin(jobs, sql`${jobs.subject} = ${files.id}`)
        .where(sql`${files.userId} = ${userId}`)
        .groupBy(jobs.kind, jobs.state)
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
