import { type Db, schema } from '@keepsake/db';
import type { FailedJob, JobKind, QueueSummary } from '@keepsake/shared';
import { and, desc, eq, sql } from 'drizzle-orm';
import { KeepsakeError } from '../errors.js';
import { ownJob } from './own-job.js';
import type { JobQueue } from './queue.js';
import { queueCounts } from './queue-counts.js';

const { files, jobs, resources } = schema;

/**
 * Jobs as one person sees them: only those working on their own files. Pausing and re-running
 * whole queues is for the admin (see the job router).
 */
export class JobReports {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
  ) {}

  summaries(userId: string): QueueSummary[] {
    return queueCounts(this.db, userId, this.queue.pausedKinds());
  }

  failures(userId: string, limit = 200): FailedJob[] {
    return this.db
      .select({
        id: jobs.id,
        kind: jobs.kind,
        state: jobs.state,
        attempts: jobs.attempts,
        assetId: sql<
          string | null
        >`(select ${resources.assetId} from ${resources} where ${resources.fileId} = ${jobs.subject} limit 1)`,
        filename: sql<
          string | null
        >`(select ${resources.filename} from ${resources} where ${resources.fileId} = ${jobs.subject} limit 1)`,
        code: jobs.lastErrorCode,
        message: jobs.lastErrorMessage,
        step: jobs.lastErrorStep,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .where(and(eq(jobs.state, 'failed'), ownJob(userId)))
      .orderBy(desc(jobs.finishedAt))
      .limit(limit)
      .all()
      .map(({ finishedAt, ...job }) => ({ ...job, failedAt: finishedAt?.toISOString() ?? null }));
  }

  retry(userId: string, jobId: string): void {
    const job = this.db
      .select({ id: jobs.id, state: jobs.state })
      .from(jobs)
      .where(and(eq(jobs.id, jobId), ownJob(userId)))
      .get();
    if (!job) throw new KeepsakeError('NOT_FOUND', `There is no job ${jobId} among yours.`);
    if (!this.queue.retry(jobId))
      throw new KeepsakeError('CONFLICT', `Job ${jobId} is ${job.state}, not failed; nothing to retry.`);
  }

  retryAll(userId: string, kind?: JobKind): number {
    const failed = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.state, 'failed'), kind ? eq(jobs.kind, kind) : undefined, ownJob(userId)))
      .all();
    return failed.filter((job) => this.queue.retry(job.id)).length;
  }

  /** Whose file a job works on, so live events go only to their owner. */
  ownerOf(fileId: string): string | undefined {
    return this.db.select({ userId: files.userId }).from(files).where(eq(files.id, fileId)).get()?.userId;
  }

  /** Every stored file, for re-running a kind over the whole library. */
  allFileIds(): string[] {
    return this.db
      .select({ id: files.id })
      .from(files)
      .all()
      .map((f) => f.id);
  }
}
