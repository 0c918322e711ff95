import { type Db, perConnection, schema } from '@keepsake/db';
import { jobKinds, type QueueSummary } from '@keepsake/shared';
import { eq, sql } from 'drizzle-orm';

const { jobCounts } = schema;

// Kept by triggers on `jobs` (migration 0013): a dozen rows, however many jobs there are.
const countsOf = perConnection((db) =>
  db
    .select({ kind: jobCounts.kind, state: jobCounts.state, count: jobCounts.count })
    .from(jobCounts)
    .where(eq(jobCounts.userId, sql.placeholder('userId')))
    .prepare(),
);

/** How many of the person's jobs of each kind are queued, running, done and failed. */
export function queueCounts(
  db: Db,
  userId: string,
  pausedKinds: readonly QueueSummary['kind'][],
): QueueSummary[] {
  const rows = countsOf(db).all({ userId });
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
