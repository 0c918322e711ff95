import { schema } from '@keepsake/db';
import { eq, type SQL } from 'drizzle-orm';

const { jobs } = schema;

/**
 * The job works on one of the person's files: `jobs.user_id`, set from the file when the job is
 * made (one index range with `jobs_user_state_kind_idx`, where a probe of `files` per job row cost
 * 0.4–0.6 s for a person's queue counts at 100,000 assets).
 */
export const ownJob = (userId: string): SQL => eq(jobs.userId, userId);
